"""The translation workspace in the Wagtail admin (registered from wagtail_hooks)."""
