# Medidas corporales: el registro de un día, el gráfico del periodo, los días.

title-measurements = Medidas corporales
measure-waist = Cintura
measure-hips = Cadera
measure-chest = Pecho
measure-neck = Cuello
measure-thigh = Muslo
measure-arm = Brazo
measure-body-fat = Grasa corporal
measure-field-length = { $name } ({ $unit })
measure-field-body-fat = Grasa corporal (%)
measure-record = Registrar un día
measure-day = Día
measure-hint = Rellena lo que hayas medido; un valor que vacíes aquí se quita de ese día.
measure-save = Guardar
measure-saved = Guardado.
measure-lengths-heading = Perímetros
measure-body-fat-heading = Grasa corporal
measure-chart-lengths = Medidas corporales en { $unit }
measure-chart-body-fat = Grasa corporal en porcentaje
measure-none = Aún no hay medidas en este periodo.
measure-table = Los días registrados
measure-table-caption = Medidas corporales por día, las más recientes primero
measure-delete-day = Borrar las medidas del { $day }
measure-history-link = Medidas corporales
measure-back = Volver al historial
