"""Pages, one module per area of the site. Thin: parse the request, check access (permissions),
call one service or selector, render or redirect."""
