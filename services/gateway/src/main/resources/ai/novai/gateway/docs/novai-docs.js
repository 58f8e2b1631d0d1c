// The NovAI API reference: Swagger UI over this gateway's own spec (/openapi), with "Try it out" sent to this
// gateway. Kept out of index.html so that the page's Content-Security-Policy allows no inline script.
(function () {
  'use strict';

  var origin = window.location.origin;
  var root = document.getElementById('swagger-ui');

  // The spec lists a local and a production server; the reader is on neither necessarily but on this gateway,
  // so every server list (the root's /v1, and /mcp's at the root) is replaced by the same path on this origin.
  function onThisGateway(servers) {
    var path = new URL(servers[0].url, origin).pathname.replace(/\/+$/, '');
    return [{url: origin + path, description: 'This gateway'}];
  }

  function servedHere(spec) {
    if (Array.isArray(spec.servers) && spec.servers.length > 0) {
      spec.servers = onThisGateway(spec.servers);
    }
    Object.keys(spec.paths || {}).forEach(function (name) {
      var item = spec.paths[name];
      if (Array.isArray(item.servers) && item.servers.length > 0) {
        item.servers = onThisGateway(item.servers);
      }
      Object.keys(item).forEach(function (method) {
        var operation = item[method];
        if (operation && Array.isArray(operation.servers) && operation.servers.length > 0) {
          operation.servers = onThisGateway(operation.servers);
        }
      });
    });
    return spec;
  }

  function show(spec) {
    root.textContent = '';
    window.ui = SwaggerUIBundle({
      spec: servedHere(spec),
      domNode: root,
      presets: [SwaggerUIBundle.presets.apis],
      layout: 'BaseLayout',
      deepLinking: true,
      displayRequestDuration: true,
      // the API key lives in this page only: never written to localStorage
      persistAuthorization: false,
      // no request to validator.swagger.io, no spec URL taken from the query string
      validatorUrl: null,
      queryConfigEnabled: false,
      withCredentials: false
    });
  }

  fetch('/openapi?format=JSON', {headers: {Accept: 'application/json'}, credentials: 'omit'})
    .then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    })
    .then(show)
    .catch(function (error) {
      root.textContent = 'The API description could not be loaded from /openapi (' + error.message + ').';
    });
}());
