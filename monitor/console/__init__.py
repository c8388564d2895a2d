"""The analyst's console: server-rendered pages and a JSON API over the stored hits (``serve``)."""
