"""Loaded wording: a short list of emotive, evaluative and intensifying English words.

Written by the rashomon developers for the summary's "least loaded wording" preference and
shipped under the project's licence (MIT). It is deliberately small and general: words that
carry a judgement or an emotion rather than a fact ("slammed", "chaos", "stunning",
"so-called"), in lemma form (spaCy lemmas, lower case). Factual words that happen to be grim
("killed", "dead", "war") are not in it: a neutral summary must still be able to state them.
No third-party lexicon is read; the lexicons under ../shared/data are for evaluation only.
"""

from __future__ import annotations

# verbs of attack, praise and emotion used for what people said or did
_VERBS = """
slam blast rip bash lash assail excoriate berate mock ridicule scold scorn smear vilify
demonize demonise trash torch skewer hammer savage shred clobber crush annihilate obliterate
wreck devastate plague cripple rage erupt explode skyrocket plummet tumble crumble spiral
fume seethe panic terrorize terrorise brag boast tout gloat cheer hail applaud rave whine
wail weep sob lament bemoan decry deplore denounce rail rant bully humiliate embarrass
outrage infuriate enrage anger horrify shock stun stagger alarm frighten scare threaten
menace haunt doom ruin sabotage betray lie cheat steal con dupe hoodwink brainwash
indoctrinate radicalize radicalise weaponize weaponise gut eviscerate torpedo derail hijack
love adore cherish celebrate rejoice triumph thrive
"""

# nouns that judge or dramatise
_NOUNS = """
panic doom chaos crisis disaster catastrophe calamity outrage fury rage anger wrath scandal
horror terror nightmare fiasco debacle mess carnage massacre bloodbath slaughter atrocity
havoc turmoil frenzy hysteria meltdown firestorm uproar furore furor backlash onslaught
hatred hate contempt disgust shame disgrace humiliation betrayal hoax sham farce travesty
charade lie lies propaganda conspiracy extremist extremism radical thug thuggery mob
dictator dictatorship tyranny tyrant despot puppet traitor treason villain enemy zealot
fanatic bigot bigotry racist lunatic idiot clown crook liar cronyism corruption tirade
rant screed diatribe witch-hunt witchhunt slur smear blunder gaffe fiasco failure fear
triumph hero heroine heroism glory miracle savior saviour champion love joy delight bliss
"""

# adjectives and adverbs that evaluate or intensify
_MODIFIERS = """
shocking stunning outrageous disgraceful shameful disastrous catastrophic devastating horrific
horrible horrifying terrible awful dreadful appalling atrocious brutal vicious savage cruel
evil wicked sinister reckless radical extreme extremist crazy insane absurd ridiculous
ludicrous pathetic stupid idiotic dumb foolish incompetent corrupt dishonest fake bogus phony
racist bigoted hateful toxic vile nasty ugly disgusting sick chaotic explosive furious angry
outraged enraged livid bitter fierce fiery heated scathing blistering withering harsh massive
enormous staggering whopping sensational incredible amazing astonishing astounding
extraordinary spectacular tremendous fantastic wonderful brilliant glorious triumphant heroic
crushing humiliating embarrassing alarming disturbing troubling grim dire bleak gloomy
desperate hopeless doomed bloody frightening scary terrifying nightmarish infamous notorious
so-called divisive polarizing polarising hardline militant aggressive hostile draconian
dangerous unhinged deranged hysterical frantic relentless ruthless callous heartless
shameless brazen blatant egregious flagrant damning damaging disgraced embattled beleaguered
besieged hapless failed failing sweeping landmark historic unprecedented dramatic drastic
remarkable striking startling surprising breathtaking jaw-dropping mind-blowing
extremely incredibly utterly totally completely absolutely deeply badly sharply fiercely
wildly hugely massively dramatically drastically desperately brutally shockingly blatantly
outright clearly obviously really truly seriously bitterly angrily furiously
"""

LOADED: frozenset[str] = frozenset((_VERBS + _NOUNS + _MODIFIERS).split())


def is_loaded(lemma: str) -> bool:
    return lemma.lower() in LOADED
