# Goals: the daily goals form, and the suggestion from the profile.

goals-saved = Goals saved.
goals-daily = Daily goals
# $unit is kcal or kJ.
goals-field-calories = Calories ({ $unit })
goals-field-protein = Protein (g)
goals-field-fat = Fat (g)
goals-field-carbs = Carbohydrate (g)
goals-field-water = Water (ml)
goals-save = Save goals
goals-suggested = Suggested from your profile
goals-calories = Calories
goals-protein = Protein
goals-fat = Fat
goals-carbs = Carbohydrate
goals-resting-rate = From a resting rate of
# "1,530 kcal × 1.55": the resting rate with its unit, and the activity factor.
goals-resting-value = { $energy } × { $factor }
goals-method = Mifflin–St Jeor resting rate × activity factor; 25 % protein, 30 % fat, 45 % carbohydrate.
goals-use = Use these goals
# $profile is a link (goals-profile-link); $fields lists what the profile lacks.
goals-missing = To get a suggestion, add to your { $profile }: { $fields }.
goals-profile-link = profile
goals-needs-sex = sex
goals-needs-birth-date = birth date
goals-needs-height = height
goals-needs-weight = weight
goals-needs-activity-level = activity level
