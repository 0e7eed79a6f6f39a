"""Stable links (`/go/<key>`) and the old help site's addresses, which lead through them (README "Links that
last"): keys.py says where a key leads, old_site.py reads the old addresses' map, views.py answers both."""
