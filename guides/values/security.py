"""The encryption a server uses, and its names in the words of each mail program."""

from django.utils.translation import gettext_lazy as _

SSL = "ssl"
STARTTLS = "starttls"
SECURITY_CHOICES = [(SSL, "SSL/TLS"), (STARTTLS, "STARTTLS")]

# The mail programs whose guides name the record's encryption in the program's own words: the names in
# the program's encryption list (the same in every language the program ships in; docs/content-decisions.md
# says where each comes from). Other guides and pages use the generic names of SECURITY_CHOICES.
PROGRAM_KINDS = [
    ("", _("another program")),
    ("outlook", "Microsoft Outlook"),
    ("thunderbird", "Mozilla Thunderbird"),
    ("apple_mail", "Apple Mail (iPhone, iPad)"),
    ("windows_live_mail", "Windows Live Mail"),
    ("thunderbird_android", "Thunderbird for Android (K-9 Mail)"),
]
SECURITY_NAMES = {
    "": dict(SECURITY_CHOICES),
    "outlook": {SSL: "SSL", STARTTLS: "TLS"},  # "Use the following type of encrypted connection"
    "thunderbird": {SSL: "SSL/TLS", STARTTLS: "STARTTLS"},  # "Connection security"
    # "Security" (account_server_settings_connection_security_*: the same in lt and ru; lv has no strings)
    "thunderbird_android": {SSL: "SSL/TLS", STARTTLS: "StartTLS"},
}
