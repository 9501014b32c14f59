# The layout of every page, and words many pages share.

skip-to-content = Skip to content
nav-label = Main
nav-today = Today
nav-diary = Diary
nav-history = History
nav-goals = Goals
nav-settings = Settings
signed-in-as = Signed in as { $name }
log-out = Log out
footer-your-data = your data stays on this server

title-today = Today
title-diary = Diary · { $date }
title-history = History
title-goals = Goals
title-settings = Settings
title-edit-entry = Edit entry
title-edit-activity = Edit activity
title-login = Log in
title-register = Create an account

meal-breakfast = Breakfast
meal-lunch = Lunch
meal-dinner = Dinner
meal-snack = Snacks

# Date patterns (chrono's strftime; the names of days and months come
# from the language's locale data).
date-long = %A %-d %B %Y
date-short = %-d %b
date-day = %a %-d %b

manifest-description = Log what you eat and the activities you do, and see where you stand.
