# Today: the day's energy against the goal, macronutrients and meals.

dashboard-log = Log food or activity
dashboard-calories = Calories
# Under the figure in the ring; $unit is kcal or kJ.
dashboard-energy-left = { $unit } left
dashboard-energy-over = { $unit } over
dashboard-goal = Goal
dashboard-eaten = Eaten
dashboard-burned = Burned
dashboard-net = Net
dashboard-macros = Macronutrients
dashboard-protein = Protein
dashboard-fat = Fat
dashboard-carbs = Carbohydrate
# The bar of one nutrient, read out: "Protein: 12.0 of 150.0 grams".
dashboard-gauge = { $nutrient }: { $eaten } of { $goal } grams
dashboard-grams-left = { $grams } g left
dashboard-grams-over = { $grams } g over
dashboard-by-meal = By meal
dashboard-nothing-yet = Nothing logged yet today.
dashboard-add-first = Add your first meal
