# The diary of a day and the pages that edit its entries. Names of foods
# and activities are data, put in as they are; energies come formatted in
# the reader's unit, with `$unit` its name (kcal or kJ).

diary-today = Today
diary-day-nav = Day
diary-previous-day = Previous day
diary-previous = Previous
diary-next-day = Next day
diary-next = Next
diary-go-to-date = Go to date
diary-go = Go

# The day's totals: a label before each figure, the unit after the last.
diary-eaten = Eaten
diary-burned = Burned
diary-net = Net
diary-left = Left
diary-over = Over

diary-nothing-yet = Nothing yet.
diary-activities = Activities
diary-burned-total = { $energy } { $unit } burned
diary-no-activity = No activity logged.

diary-add-food = Add food
diary-add-activity = Add activity
diary-add-by-hand = Add by hand
diary-search = Search
diary-add = Add
diary-add-named = Add { $name }

# One entry of the day.
entry-edit = Edit
entry-edit-named = Edit { $name }
entry-delete = Delete
entry-delete-named = Delete { $name }
# Protein, fat and carbohydrate in grams, one letter each.
entry-macros = P { $protein } · F { $fat } · C { $carbs } g

# The fields of a food entry; a prefix goes before a field's message
# ("Name is required").
entry-name = Name
entry-prefix-name = Name{" "}
entry-meal = Meal
entry-date = Date
entry-prefix-date = Date{" "}
entry-calories = { $unit ->
        [kJ] Energy
       *[other] Calories
    } ({ $unit })
entry-protein = Protein (g)
entry-fat = Fat (g)
entry-carbs = Carbs (g)
entry-quantity = Quantity (g)
entry-prefix-quantity = Quantity{" "}
entry-quantity-hint = The nutrients are rescaled to the new quantity.
entry-save = Save
entry-cancel = Cancel

# Foods: the catalogue's search, its results, recent foods.
food-search-label = Search the food catalogue
food-search-placeholder = e.g. apple, oats, chicken breast
food-no-match = No food matches “{ $query }”.
food-kind-brand = Brand
food-per-100g = { $energy } { $unit } · P { $protein } · F { $fat } · C { $carbs } per 100 g
food-amount = Amount
food-prefix-amount = Amount{" "}
food-unit = Unit
food-unit-grams = grams
# A household measure of the catalogue (its label in English) and its grams.
food-serving-choice = × { $serving } ({ $grams } g)
food-recent = Recent
# $meal: breakfast, lunch, dinner or snack.
food-recent-add = Add { $amount } of { $name } to { $meal ->
        [breakfast] breakfast
        [lunch] lunch
        [dinner] dinner
       *[snack] snacks
    }
food-add-submit = Add food

# Activities.
activity-search-label = Search activities
activity-search-placeholder = e.g. running, cycling, yoga
activity-no-match = No activity matches “{ $query }”.
activity-name = Activity
activity-prefix-name = Activity{" "}
activity-minutes = Minutes
activity-prefix-minutes = Minutes{" "}
activity-burned = Burned ({ $unit })
activity-prefix-burned = Burned{" "}
activity-computed-hint = Computed from the activity and your weight; it follows a new duration unless you type a figure.
activity-add-submit = Add activity

# Water (in ml in every unit setting).
diary-water = Water
# "750 of 2,000 ml": drunk today, and the day's goal.
diary-water-total = { $drunk } of { $goal } ml
diary-water-none = No water yet.
# A one-tap button's title; $amount is "250 ml".
diary-water-add-named = Add { $amount } of water
diary-water-amount = Amount (ml)

# Quick add: a food by hand without a name is stored as “Quick add” and
# shown under this name.
food-quick-add = Quick add
food-name-hint = Optional: left empty, just the number is logged, as “Quick add”.
activity-minutes-optional = Minutes (optional)

# Copying one meal of the day into another.
diary-copy-meal = Copy a meal
diary-copy-from = Copy
diary-copy-to = into
diary-copy-prefix-from = Copy:{" "}
diary-copy-prefix-to = Into:{" "}
diary-copy-submit = Copy meal
diary-copy-nothing = has nothing to copy

# Saved meals
title-saved-meals = Saved meals
diary-saved-meals = Saved meals
diary-saved-none = No saved meals yet: save a meal of the day below.
diary-saved-into = Meal to log { $name } into
diary-saved-log = Log
diary-saved-log-named = Log { $name }
diary-saved-which = Meal to save
diary-saved-name = Name
diary-saved-save = Save meal
diary-saved-manage = Rename or delete saved meals
saved-meals-none = No saved meals yet: save a meal from the diary.
saved-meals-new-name = Name
saved-meals-rename = Rename
