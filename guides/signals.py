from django.dispatch import receiver
from wagtail.signals import page_published

from . import tracking


@receiver(page_published)
def track_published_translations(sender, instance, **kwargs):
    """Translations published without a recorded source (shipped content, the page editor) are
    taken as based on the Latvian text published with them."""
    tracking.adopt_untracked(tracking.page_texts(instance.specific))
