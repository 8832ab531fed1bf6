/*
 * i18n.c — the English catalogue; see i18n.h.  Keys are the Spanish texts
 * exactly as written in templates and code.
 */
#include "web/i18n.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	const char *es, *en;
};

/* Sorted once by i18n_init; until then looked up linearly. */
static struct entry catalogue[] = {
	{ "Saltar al contenido", "Skip to content" },
	{ "Cuenta", "Account" },
	{ "Guía del uso", "User guide" },
	{ "Cerrar sesión", "Sign out" },
	{ "Buscar notificaciones por asunto", "Search notifications by subject" },
	{ "Consultar", "Search" },
	{ "Revise lo siguiente", "Please check the following" },
	{ "Su tipo de OCE no tiene opciones en este menú.", "Your OCE type has no options in this menu." },
	{ "no disponible aún", "not yet available" },
	{ "Noticias", "News" },
	{ "Iniciar sesión", "Sign in" },
	{ "Ingrese su RUC, ID. Usuario y Contraseña, y dé clic en Iniciar sesión.",
	  "Enter your RUC, user ID and password, then choose Sign in." },
	{ "ID. Usuario", "User ID" },
	{ "Contraseña", "Password" },
	{ "Seleccione el Tipo de OCE", "Choose the OCE type" },
	{ "Si tiene más de un código de OCE, seleccione el código con el cual requiere operar y dé clic en Ingresar.",
	  "If you hold more than one OCE code, choose the one you want to work under and choose Enter." },
	{ "Su usuario no tiene códigos de OCE autorizados. Comuníquese con el representante legal de su empresa.",
	  "Your user has no authorised OCE codes. Contact your company's legal representative." },
	{ "Tipo de OCE", "OCE type" },
	{ "Mostrar códigos", "Show codes" },
	{ "Código de OCE", "OCE code" },
	{ "-- Seleccione --", "-- Choose --" },
	{ "Ingresar", "Enter" },
	{ "Notificaciones electrónicas", "Electronic notifications" },
	{ "sin leer", "unread" },
	{ "con asunto que contiene", "with a subject containing" },
	{ "Ver todas", "Show all" },
	{ "en total", "in all" },
	{ "Estado", "State" },
	{ "De", "From" },
	{ "Destinatario", "To" },
	{ "Asunto", "Subject" },
	{ "Fecha", "Date" },
	{ "No leído", "Unread" },
	{ "Leído", "Read" },
	{ "No hay notificaciones.", "There are no notifications." },
	{ "Páginas de notificaciones", "Notification pages" },
	{ "« Anterior", "« Previous" },
	{ "Página", "Page" },
	{ "de", "of" },
	{ "Siguiente »", "Next »" },
	{ "« Volver a Notificaciones electrónicas", "« Back to electronic notifications" },
	{ "Notificación electrónica", "Electronic notification" },
	{ "Trámites Operativos", "Operational procedures" },
	{ "Servicios Informativos", "Information services" },
	{ "Soporte al Cliente", "Customer support" },
	{ "Ventanilla Única", "Single window" },
	{ "A un clic de la Aduana", "Customs, one click away" },
	{ "Su sesión expiró por inactividad. Inicie sesión nuevamente.",
	  "Your session expired after a period without activity. Please sign in again." },
	{ "Su sesión se cerró correctamente.", "You have signed out." },
	{ "RUC, ID. Usuario o Contraseña incorrectos. Revise los datos e inténtelo de nuevo.",
	  "Wrong RUC, user ID or password. Check them and try again." },
	{ "Su cuenta está bloqueada por superar el número de intentos fallidos. Solicite el desbloqueo al administrador.",
	  "Your account is blocked after too many failed attempts. Ask the administrator to unblock it." },
	{ "Su cuenta está bloqueada por superar el número de intentos fallidos. Solicite el desbloqueo al administrador o vuelva a intentarlo después de",
	  "Your account is blocked after too many failed attempts. Ask the administrator to unblock it, or try again after" },
	{ "Su usuario está deshabilitado. Comuníquese con el administrador del portal.",
	  "Your user is disabled. Contact the portal's administrator." },
	{ "El RUC ingresado no es válido", "The RUC entered is not valid" },
	{ "Ingrese su ID. Usuario.", "Enter your user ID." },
	{ "Ingrese su Contraseña.", "Enter your password." },
	{ "Seleccione un Tipo de OCE de la lista.", "Choose an OCE type from the list." },
	{ "Seleccione un Código de OCE.", "Choose an OCE code." },
	{ "El Código de OCE seleccionado no corresponde a su usuario o al Tipo de OCE elegido.",
	  "The OCE code chosen does not belong to your user or to the OCE type chosen." },
	{ "Solicitud no válida", "Bad request" },
	{ "Los datos enviados no tienen el formato esperado. Vuelva a la página anterior y revíselos.",
	  "The data sent is not in the expected form. Go back to the previous page and check it." },
	{ "Solicitud rechazada", "Request refused" },
	{ "El formulario caducó o no proviene de este portal. Vuelva a cargar la página e inténtelo de nuevo.",
	  "The form has expired or does not come from this portal. Reload the page and try again." },
	{ "Página no encontrada", "Page not found" },
	{ "La dirección solicitada no existe en el portal.", "The address requested does not exist on the portal." },
	{ "Método no permitido", "Method not allowed" },
	{ "Esta dirección no admite esa operación.", "This address does not accept that operation." },
	{ "Solicitud demasiado grande", "Request too large" },
	{ "Los datos enviados superan el tamaño permitido. Envíe menos datos e inténtelo de nuevo.",
	  "The data sent is larger than allowed. Send less and try again." },
	{ "Dirección demasiado larga", "Address too long" },
	{ "La dirección solicitada supera el largo permitido.", "The address requested is longer than allowed." },
	{ "Formato no admitido", "Unsupported format" },
	{ "Encabezados demasiado grandes", "Headers too large" },
	{ "Demasiadas solicitudes", "Too many requests" },
	{ "Hay demasiados inicios de sesión en curso desde su dirección. Espere unos segundos e inténtelo de nuevo.",
	  "Too many sign-ins are under way from your address. Wait a few seconds and try again." },
	{ "La solicitud lleva demasiados datos en sus encabezados (por ejemplo, cookies). Borre las cookies del portal e inténtelo de nuevo.",
	  "The request carries too much data in its headers (cookies, for example). Delete the portal's cookies and try again." },
	{ "Servicio ocupado", "Service busy" },
	{ "El portal está atendiendo muchas solicitudes. Espere unos segundos e inténtelo de nuevo.",
	  "The portal is handling many requests. Wait a few seconds and try again." },
	{ "Error interno", "Internal error" },
	{ "Ocurrió un error al procesar su solicitud. No se guardó ningún cambio parcial; inténtelo de nuevo.",
	  "An error occurred while processing your request. No partial change was saved; try again." },
	{ "Ir a la página principal", "Go to the main page" },
	{ "Ir a la página de inicio", "Go to the home page" },
	{ "Catálogos", "Code lists" },
	{ "Las listas de códigos con las que se elaboran y validan los documentos electrónicos. Elija una para buscar sus códigos.",
	  "The code lists electronic documents are made and checked with. Choose one to search its codes." },
	{ "Catálogo", "Code list" },
	{ "Códigos", "Codes" },
	{ "Origen", "Source" },
	{ "Licencia", "Licence" },
	{ "Actualizado", "Updated" },
	{ "con el esquema", "with the schema" },
	{ "« Volver a Catálogos", "« Back to the code lists" },
	{ "Código o nombre", "Code or name" },
	{ "Resultado", "Results" },
	{ "Código", "Code" },
	{ "Nombre", "Name" },
	{ "Ningún código coincide con la búsqueda.", "No code matches the search." },
	{ "Páginas del catálogo", "Pages of the code list" },
	{ "Sección", "Section" },
	{ "Funciones", "Functions" },
	{ "Alfa-3", "Alpha-3" },
	{ "Número", "Number" },
	{ "Símbolo", "Symbol" },
	{ "Advertencia:", "Warning:" },
	{ "Advertencias", "Warnings" },
	{ "Archivo XML", "XML file" },
	{ "Archivo", "File" },
	{ "Cada tipo de documento tiene su esquema XML (XSD) y un ejemplo válido, para preparar los documentos con su propio sistema.",
	  "Each document type has its XML schema (XSD) and a valid sample, to prepare documents with your own software." },
	{ "Documento con errores", "Document with errors" },
	{ "Documento recibido", "Document received" },
	{ "Documento", "Document" },
	{ "Ejemplo", "Sample" },
	{ "El documento no fue recibido: Estado de Transmisión Error. Corrija lo siguiente y envíelo de nuevo.",
	  "The document was not received: transmission state Error. Correct the following and send it again." },
	{ "Elija el archivo XML del documento (hasta 10 MB) y dé clic en Enviar. El portal lo valida contra su esquema y sus reglas; si es válido recibe al instante su número de entrega.",
	  "Choose the document's XML file (up to 10 MB) and choose Send. The portal checks it against its schema and rules; a valid one gets its delivery number at once." },
	{ "Enviar un documento", "Send a document" },
	{ "Enviar", "Send" },
	{ "Errores", "Errors" },
	{ "Esquema", "Schema" },
	{ "Esquemas y ejemplos", "Schemas and samples" },
	{ "Estado de Transmisión", "Transmission state" },
	{ "Estado del Documento", "Document state" },
	{ "Fecha-hora de entrega", "Delivered at" },
	{ "Los catálogos de códigos están en 2.6 Catálogos.", "The code lists are in 2.6 Code lists." },
	{ "No", "No" },
	{ "Número de entrega", "Delivery number" },
	{ "Para enviar documentos, inicie sesión y elija su código de OCE.", "To send documents, sign in and choose your OCE code." },
	{ "Recibido", "Received" },
	{ "Registrado", "Registered" },
	{ "Su OCE lo envía", "Your OCE sends it" },
	{ "Su tipo de OCE no envía ninguno de estos documentos.", "Your OCE type sends none of these documents." },
	{ "Sí", "Yes" },
	{ "e-Documentos", "e-Documents" },
	{ "errores más no se muestran.", "more errors are not shown." },
	{ "« Enviar otro documento", "« Send another document" },
	{ "línea", "line" },
	{ "Elija el archivo XML del documento.", "Choose the document's XML file." },
	{ "Estado de Trámite Integral", "Integrated procedure status" },
	{ "Tipo de Operación", "Operation type" },
	{ "--Todo--", "--All--" },
	{ "e-Documentos operativos", "Operational e-documents" },
	{ "Ventanilla Única (VUE)", "Single window (VUE)" },
	{ "Título de documento", "Document title" },
	{ "Error de transmisión", "Transmission error" },
	{ "Periodo", "Period" },
	{ "Hoy", "Today" },
	{ "Última semana", "Last week" },
	{ "Último mes", "Last month" },
	{ "Entre fechas", "Between dates" },
	{ "Desde", "From" },
	{ "Hasta", "To" },
	{ "Descargar CSV", "Download CSV" },
	{ "Nombre del Documento", "Document name" },
	{ "Ningún documento coincide con la consulta.", "No document matches the search." },
	{ "Páginas del resultado", "Result pages" },
	{ "Formato", "Format" },
	{ "Aceptado", "Accepted" },
	{ "Rechazado", "Rejected" },
	{ "Aprobado", "Approved" },
	{ "Negado", "Denied" },
	{ "Subsanación", "To be corrected" },
	{ "Anulado", "Cancelled" },
	{ "Error", "Error" },
	{ "Número de entrega: tiene 21 caracteres, el código de OCE, el año, la secuencia y P o S.",
	  "Delivery number: it has 21 characters: the OCE code, the year, the sequence and P or S." },
	{ "Desde: ingrese una fecha válida (dd/mm/aaaa).", "From: enter a valid date (dd/mm/yyyy)." },
	{ "Hasta: ingrese una fecha válida (dd/mm/aaaa).", "To: enter a valid date (dd/mm/yyyy)." },
	{ "Hasta: no puede ser antes de Desde.", "To: it cannot be before From." },
	{ "Desde y Hasta se usan con Entre fechas; sin Hasta, hasta hoy.",
	  "From and To apply to Between dates; without To, up to today." },
	{ "El resultado es demasiado grande para descargarlo; acote el periodo o los filtros.",
	  "The result is too large to download; narrow the period or the filters." },
	{ "Sesión requerida", "Sign-in required" },
	{ "Esta operación necesita una sesión iniciada. Inicie sesión e inténtelo de nuevo.",
	  "This operation needs a signed-in session. Sign in and try again." },
	{ "El portal no acepta datos en ese formato en esta dirección. Envíelos desde el formulario del portal.",
	  "The portal does not accept data in that format at this address. Send it from the portal's form." },
	{ "Ingrese su RUC (o su cédula, si se registró sin RUC), ID. Usuario y Contraseña, y dé clic en Iniciar sesión.",
	  "Enter your RUC (or your cédula, if you registered without a RUC), user ID and password, then choose Sign in." },
	{ "Cambiar OCE", "Change OCE" },
	{ "Primera", "First" },
	{ "Última", "Last" },
	{ "RUC", "RUC" },
	{ "Acción", "Action" },
	{ "Idioma", "Language" },
	{ "Volver", "Back" },
	{ "ingrese este dato.", "this field is required." },
	{ "%s: admite como máximo %zu caracteres; tiene %zu.", "%s: at most %zu characters are allowed; it has %zu." },
	{ "contiene caracteres de control que no se admiten.", "it contains control characters, which are not allowed." },
	{ "%s: ingrese %zu dígitos.", "%s: enter %zu digits." },
	{ "%s: ingrese de %lld a %zu dígitos.", "%s: enter %lld to %zu digits." },
	{ "%s: ingrese un número entero de %lld a %lld.", "%s: enter a whole number from %lld to %lld." },
	{ "elija una de las opciones de la lista.", "choose one of the options in the list." },
	{ "ingrese una fecha válida (dd/mm/aaaa).", "enter a valid date (dd/mm/yyyy)." },
	{ "el valor no es válido; vuelva a cargar la página.", "the value is not valid; reload the page." },
	{ "el valor no es válido.", "the value is not valid." },
};

#define NCAT (sizeof(catalogue) / sizeof(catalogue[0]))
static int sorted;

static int cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->es, ((const struct entry *)b)->es);
}

void i18n_init(void)
{
	if (sorted)
		return;
	qsort(catalogue, NCAT, sizeof(catalogue[0]), cmp);
	sorted = 1;
}

static const struct entry *find(const char *es)
{
	if (sorted) {
		struct entry key = { es, NULL };
		return bsearch(&key, catalogue, NCAT, sizeof(catalogue[0]), cmp);
	}
	for (size_t i = 0; i < NCAT; i++)
		if (strcmp(catalogue[i].es, es) == 0)
			return &catalogue[i];
	return NULL;
}

const char *i18n_tr(int lang, const char *es)
{
	const struct entry *e;

	if (lang != LANG_EN || es == NULL)
		return es;
	e = find(es);
	return e ? e->en : es;
}

int i18n_has(const char *es)
{
	return find(es) != NULL;
}
