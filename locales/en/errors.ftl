# Validation messages: each follows the name of its field ("calories: must be
# a number"), so they start in lower case. The API shows them in English.

required = is required
not-a-number = must be a number
must-be-between = must be between { $min } and { $max }
must-be-positive = must be greater than 0 (at least { $min }) and at most { $max }
must-be-over-zero = must be greater than 0 and at most { $max }
text-length = must be 1 to { $max } characters
at-most-characters = must be at most { $max } characters
no-control-characters = must not contain control characters
date-format = must be a date as YYYY-MM-DD, from 1900-01-01
whole-number-range = must be a whole number from { $min } to { $max }
must-be-one-of = must be one of { $allowed }
range-too-long = the range may span at most { $days } days
not-before-from = must not be before `from`
not-in-future = must not be in the future
needed-for-suggestion = is needed for a suggestion: set it in the profile
computed-from-catalogue = is computed from the catalogue item: leave it out
amount-too-large = gives { $value } { $name }, more than the { $max } one entry may hold
serving-count-needs-serving = goes with serving
serving-or-grams = give quantity_g or serving, not both
food-has-no-servings = this food has no servings: give quantity_g
no-such-serving = this food has no such serving; it has: { $servings }
burned-too-large = gives { $kcal } kcal_burned, more than the { $max } one entry may hold
no-such-activity = no such activity in the catalogue
required-or-activity = is required (or log from the catalogue with activity_id)
required-for-met = is required to compute the energy from the activity (or give kcal_burned)
no-such-food = no such food in the catalogue
grams-or-serving-required = is required with food_id (or give a serving)
grams-required-with-food = is required with food_id
only-from-catalogue = is only for entries logged from the catalogue (food_id)
required-or-food = is required (or log from the catalogue with food_id)
food-gone = the food is no longer in the catalogue: give quantity_g
no-grams-to-rescale = the entry has no grams to rescale: give food_id too
must-differ-from-from-date = must differ from from_date
must-differ-from-meal = must be another meal than the one copied, on the same day
required-with-to-meal = is required with to_meal (the meal to copy)
nothing-to-copy = has no food entries to copy
nothing-to-copy-in-meal = has no { $meal } entries to copy
username-format = must be 3 to 32 characters of a-z, 0-9, _ . and -
username-taken = is taken: choose another
username-taken-named = the username `{ $username }` is taken
password-length = must be 8 to 128 characters
idempotency-key-format = must be 1 to 255 visible ASCII characters
idempotency-key-reused = was used for a different request in the last 24 hours
idempotency-key-running = a request with this Idempotency-Key is still being processed; retry later
too-many-servings = at most { $max } servings
catalogue-read-only = shared catalogue items are read-only; add a custom food instead
time-zone-unknown = must be a time zone of the IANA tz database, such as `Europe/Madrid` or `UTC`
quota-food-entries-per-day = at most { $limit } food entries a day
quota-activity-entries-per-day = at most { $limit } activity entries a day
quota-water-entries-per-day = at most { $limit } water entries a day
quota-custom-foods = at most { $limit } custom foods and recipes
quota-api-tokens = at most { $limit } API tokens
quota-saved-meals = at most { $limit } saved meals
quota-share-links = at most { $limit } share links
json-shape = must be a JSON object of the documented shape ({ $detail })
json-value = { $detail }
nutrient-key-unknown = is not a nutrient key: GET /api/v1/nutrient-targets lists them
min-above-max = min ({ $min }) must not be greater than max ({ $max })

# What went wrong, when it is not one field.
error-not-found = There is no such page or entry.
error-forbidden-csrf = The form was out of date or did not come from NutriNube (CSRF check failed). Go back, reload the page and try again.
error-unauthenticated = Log in to continue.
error-too-many-logins = Too many failed logins. Try again in { $minutes } minutes.
error-too-many-registrations = Too many accounts were registered from this address. Try again in { $minutes } minutes.
error-busy = The server is busy. Try again in { $seconds } seconds.
error-too-large = The file is larger than { $max } MiB.
error-unavailable = The database cannot be reached right now. Try again shortly.
error-internal = An unexpected error occurred.
error-title = Something went wrong ({ $status })
error-page-title = Error { $status }
error-back = Back to today
password-not-current = is not the current password
password-not-accounts = is not the account's password
range-needs-from-and-to = give `from` and `to`
date-or-range = give either `date` or `from` and `to`
required-or-date = is required (or give `date`)
required-with-from = is required with `from`

## Body measurements
measurement-none-sent = give at least one of { $fields }
quota-measurement-days = at most { $limit } days of body measurements

# Saved meals
saved-meal-items-count = must hold 1 to { $max } items
nothing-to-save-in-meal = has no { $meal } entries to save

# Recipes.
ingredients-count = must hold 1 to { $max } ingredients
recipe-cycle = would contain the recipe itself: a recipe cannot be its own ingredient, even through another recipe
cooked-weight-too-low = must be at least { $min } g: the ingredients hold more than a dish of that weight can
food-in-recipes = is an ingredient of these recipes: { $recipes }. Take it out of them first
recipe-edited-as-recipe = is a recipe: its nutrients come from its ingredients; change it with PUT /api/v1/recipes/{ "{" }id{ "}" }
recipe-needs-catalogue-entries = holds only entries by hand, which a recipe cannot be made of: { $entries }
import-unreadable = cannot be imported: { $problem }
import-weight-unit-needed = the file's weights do not say their unit: give weight_unit=kg or weight_unit=lb
import-broke-off = the upload broke off: { $problem }
import-already-running = an import of this account is running: wait for it to end
token-password-required = creating a token needs the account's password (`password`)
token-password-wrong = the password is not the account's current password
moment-format = must be a date (like 2027-01-31, through that day) or a moment in RFC 3339 (like 2027-01-31T12:00:00Z)
moment-in-past = must be in the future
token-scope-forbidden = this token may not make this request (its scope is too narrow)
