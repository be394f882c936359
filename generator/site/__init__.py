"""The site: the MkDocs plugin (thin), rendering and navigation, search, images, bundle, link check."""
