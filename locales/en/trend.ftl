# The weight trend, the expenditure estimate and goals by weekday (body.md
# §1–§3): messages of the history and goals pages, and validation messages.

# Validation messages (they follow the field's name, in lower case).
weekday-unknown = is not a weekday: use one of { $allowed }
expenditure-needs-logged-days = needs at least { $min } logged days, { $found } found
expenditure-needs-weights = needs weights on at least 2 days at least { $apart } days apart, { $found } found
expenditure-needs-weight-span = needs weights at least { $apart } days apart, the first and last are { $days } days apart
rate-needs-expenditure = goes with from=expenditure

# History.
history-average-goal = Average goal
history-legend-weighed = weighed
history-legend-trend = trend
history-trend-now = Trend weight
history-trend-unit = Trend ({ $unit })
# $weight comes with its unit.
chart-trend = Trend weight, now { $weight }

# The expenditure estimate (history and goals pages).
expenditure-heading = Energy expenditure
expenditure-estimate = Estimated expenditure
expenditure-confidence-low = low confidence
expenditure-confidence-medium = medium confidence
expenditure-confidence-high = high confidence
expenditure-basis = The data it rests on
expenditure-window = Window
expenditure-window-value = { $from } to { $to }
expenditure-logged-days = Days logged
expenditure-logged-days-value = { $logged } of { $days }
expenditure-intake-mean = Average eaten on those days
expenditure-trend-change = Trend weight
# $start and $end come with their unit; $first and $last are days.
expenditure-trend-change-value = { $start } on { $first } to { $end } on { $last } ({ $days } days)
expenditure-weight-days = Days weighed
# $energy comes with its unit; $unit is kg or lb.
expenditure-method = What you ate on the days you logged over the last 28 days, less what your change of trend weight stands for ({ $energy } per { $unit }).
expenditure-to-goals = Goals from it
expenditure-not-yet = Not enough data for an estimate yet:

# Goals: the week, weekday overrides, the suggestion from the expenditure.
goals-week-heading = Your week
goals-week-caption = The goals in force each day of the week, and the week's budget
goals-weekday = Day
goals-week-total = Week
goals-week-explained = The week's budget is the sum of the seven days' goals.
goals-weekdays-heading = Goals by weekday
goals-weekdays-explained = A field left blank keeps the daily goal on that day.
goals-weekdays-save = Save weekday goals
goals-from-expenditure = Suggested from your expenditure
goals-rate = Aim
# $amount comes with its unit.
goals-rate-lose = lose { $amount } a week
goals-rate-gain = gain { $amount } a week
goals-rate-keep = keep my weight
goals-rate-show = Show
goals-floored = Raised to the least daily intake advised without medical supervision.
goals-expenditure-method = The estimated expenditure plus the weekly change at { $energy } per { $unit }, spread over 7 days; 25 % protein, 30 % fat, 45 % carbohydrate.
