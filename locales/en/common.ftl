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

# Names of the days (Monday first) and months, for the date patterns' %A %a %B %b.
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
weekday-short-1 = Mon
weekday-short-2 = Tue
weekday-short-3 = Wed
weekday-short-4 = Thu
weekday-short-5 = Fri
weekday-short-6 = Sat
weekday-short-7 = Sun
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
