"""Word lists that several stages read, written once, under every stage.

- `fold`: the key the lists are looked up by (case, accents, punctuation, "the", "'s").
- `titles`: honorifics and titles in front of a person's name.
- `speech`: verbs that report speech.
- `antonyms`: predicates that deny another ("illegal" / "lawful", "unsafe" / "safe").
- `calendar`: month and weekday names, month numbers.
- `gazetteer`: countries, their other names, demonyms, government bodies and cities
  (data/countries.tsv); faiths (data/religious_groups.txt).

Nothing here imports from the package but `rashomon.model` and data files; what reads a file
reads it once (`functools.cache`).
"""
