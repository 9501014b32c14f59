# The report a share link opens, and the settings section that makes links.
# $name is the link's name, as its owner typed it.
shared-title = Report: { $name }
shared-range = From { $from } to { $to }
shared-read-only = A read-only report shared by its owner. Print it or save it as PDF from your browser.
shared-summary = Summary
shared-logged-days = Days logged
shared-nutrients = Nutrients (average per day logged)
shared-no-nutrients = No nutrient details in this period.
shared-no-weights = No weight in this period.
shared-nothing-logged = Nothing logged this day.
shared-food = Food
shared-grams = Grams
shares-heading = Share links
shares-intro = A share link opens a read-only report of your diary, with no login, for a coach or a doctor. Anyone with the link can read it until you revoke it.
shares-none = No share links yet.
shares-name = Name
shares-name-prefix = The name{" "}
shares-from = From
shares-to = To
shares-date-prefix = The date{" "}
shares-create = Create link
shares-created = Share link “{ $name }” created. Copy it now: it is not shown again.
shares-revoke = Revoke
shares-revoke-named = Revoke the share link { $name }
shares-whole = the last 30 days
shares-revoked = Share link revoked: its page is gone.
