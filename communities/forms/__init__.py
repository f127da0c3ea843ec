"""Forms, one module per area of the site. They parse and validate input; writes happen in the
services."""
