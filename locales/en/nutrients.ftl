# The nutrients page: a day's nutrients against their targets. The unit
# (mg, µg or g) follows each target; $min, $max, $known and $entries come formatted.

title-nutrients = Nutrients
nutrients-group-general = Fats, carbohydrates and more
nutrients-group-vitamins = Vitamins
nutrients-group-minerals = Minerals
nutrients-nutrient = Nutrient
nutrients-amount = Eaten
nutrients-target = Target
nutrients-no-target = —
nutrients-unknown = unknown
nutrients-low = below target
nutrients-met = target met
nutrients-over = above the upper limit
nutrients-back-to-diary = Back to the diary
nutrients-see = Nutrients of the day
nutrients-edit-targets = Targets follow the US Dietary Reference Intakes for your profile; change them in the API (PUT /api/v1/nutrient-targets).
nutrients-range = { $min }–{ $max }
nutrients-at-least = at least { $min }
nutrients-at-most = at most { $max }
nutrients-partial = { $known } of { $entries } foods known
nutrients-partial-note = A figure marked “{ $example }” is a partial total: some of the day's foods do not say how much of that nutrient they hold.
nutrients-no-food = Nothing is logged on this day.

# Nutrient names, by the API's keys.
nutrient-fibre_g = Fibre
nutrient-sugars_g = Sugars
nutrient-saturated_fat_g = Saturated fat
nutrient-sodium_mg = Sodium
nutrient-monounsaturated_fat_g = Monounsaturated fat
nutrient-polyunsaturated_fat_g = Polyunsaturated fat
nutrient-trans_fat_g = Trans fat
nutrient-cholesterol_mg = Cholesterol
nutrient-potassium_mg = Potassium
nutrient-calcium_mg = Calcium
nutrient-iron_mg = Iron
nutrient-magnesium_mg = Magnesium
nutrient-phosphorus_mg = Phosphorus
nutrient-zinc_mg = Zinc
nutrient-copper_mg = Copper
nutrient-selenium_ug = Selenium
nutrient-vitamin_a_ug = Vitamin A (RAE)
nutrient-vitamin_c_mg = Vitamin C
nutrient-vitamin_d_ug = Vitamin D
nutrient-vitamin_e_mg = Vitamin E
nutrient-vitamin_k_ug = Vitamin K
nutrient-thiamin_mg = Thiamin (B1)
nutrient-riboflavin_mg = Riboflavin (B2)
nutrient-niacin_mg = Niacin (B3)
nutrient-vitamin_b6_mg = Vitamin B6
nutrient-folate_ug = Folate (DFE)
nutrient-vitamin_b12_ug = Vitamin B12
nutrient-choline_mg = Choline
nutrient-caffeine_mg = Caffeine
nutrient-alcohol_g = Alcohol
nutrient-water_g = Water in food
