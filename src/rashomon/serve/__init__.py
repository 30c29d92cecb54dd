"""`rashomon serve`: the local web app over a store.

    app.py        create_app: the routes, the error shape, the guard middleware
    pages.py      what each page shows, as data (the JSON twins are it)
    security.py   Host allowlist, access token, headers, CSRF
    jobs.py       the "Analyze now" queue and its worker thread
    background.py `serve --watch`: the watch loop in a thread beside the app
    templates/    the pages (Jinja2, autoescaped); static/ their stylesheet

The event page embeds the report that `rashomon report` writes (`render.html.render_html_body`):
one renderer for both.
"""
