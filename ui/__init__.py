"""The dashboard's shared code, one module per concern; the pages (app.py and pages/) hold layout only.

- `nav`: the pages, their sidebar filters, links to the reader and to an entity's page;
- `data`: the database connection of a run and `fetch`, the one typed, cached way to run a query;
- `state`: the sidebar filters and pickers, bound to the URL;
- `labels`: words for stored codes, and text made safe for markdown and plotly;
- `charts`: the registered plotly template, fixed colours, chart helpers;
- `tables`: column settings every table shares.
"""
