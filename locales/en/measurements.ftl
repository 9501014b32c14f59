# Body measurements: a day's record, the chart of the period, the days.

title-measurements = Body measurements
measure-waist = Waist
measure-hips = Hips
measure-chest = Chest
measure-neck = Neck
measure-thigh = Thigh
measure-arm = Upper arm
measure-body-fat = Body fat
# $name is one of the measurements above, $unit cm or in.
measure-field-length = { $name } ({ $unit })
measure-field-body-fat = Body fat (%)
measure-record = Record a day
measure-day = Day
measure-hint = Fill in what you measured; a value emptied here is removed from that day.
measure-save = Save
measure-saved = Saved.
measure-lengths-heading = Lengths
measure-body-fat-heading = Body fat
measure-chart-lengths = Body measurements in { $unit }
measure-chart-body-fat = Body fat in percent
measure-none = No measurements in this period yet.
measure-table = The recorded days
measure-table-caption = Body measurements per day, newest first
measure-delete-day = Delete the measurements of { $day }
measure-history-link = Body measurements
measure-back = Back to the history
