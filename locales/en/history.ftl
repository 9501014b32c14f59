# History: the last 7, 30 or 90 days; and its charts (chart-).

history-period = Period
history-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
# $logged is the number of days with entries, shown in bold.
history-days-logged = Days logged { $logged } of { $days }
history-average-eaten = Average eaten
history-average-net = Average net
history-goal = Goal
history-calories-heading = Calories against the goal
history-legend-eaten = eaten
history-legend-over = above goal
history-legend-goal = goal
history-macros-heading = Macronutrients
history-legend-protein = protein
history-legend-fat = fat
history-legend-carbs = carbohydrate
history-legend-goals-total = goals' total (g)
history-weight-heading = Body weight
# $profile is a link, history-your-profile.
history-no-weight = No weight in this period. Record it in { $profile }.
history-your-profile = your profile
history-table = The numbers, day by day
history-table-caption = Calories, burned, net and macronutrients per day, newest first
history-day = Day
history-eaten-unit = Eaten ({ $unit })
history-burned = Burned
history-net = Net
history-protein-g = Protein (g)
history-fat-g = Fat (g)
history-carbs-g = Carbs (g)
history-weight-caption = Body weight
history-weight-unit = Weight ({ $unit })

# The charts; $goal, $energy and $weight come with their unit.
chart-calories = Calories eaten per day against the goal of { $goal }
chart-day-energy = { $day }: { $energy }
# The label of the goal's dashed line (a number without its unit).
chart-goal = goal { $goal }
chart-macros = Protein, fat and carbohydrate eaten per day, in grams
chart-day-nutrient = { $day }: { $grams } g { $nutrient ->
    [protein] protein
    [fat] fat
   *[carbs] carbohydrate
}
chart-weight = Body weight over the period, in { $unit ->
    [lb] pounds
   *[kg] kilograms
}
chart-day-weight = { $day }: { $weight }
