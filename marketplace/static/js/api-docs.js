// Swagger UI for /api/v1/docs, from the app's own copy of its files. The document's URL is
// read from the container (data-spec-url), so the page needs no inline script.
window.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("swagger-ui");
  if (!container || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: container.dataset.specUrl,
    domNode: container,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
});
