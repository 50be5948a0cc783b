/* Registration and profile forms: only offer the districts / sub-industries of the chosen
   city. The server checks the same rule; this only saves the user a wrong choice. */
(function () {
  "use strict";

  // Enterprise: <select data-city-select> drives <select data-city-options> with <optgroup label=city>.
  var city = document.querySelector("select[data-city-select]");
  function filterOptions() {
    var name = city.options[city.selectedIndex].text;
    document.querySelectorAll("select[data-city-options]").forEach(function (select) {
      var firstVisible = null;
      select.querySelectorAll("optgroup").forEach(function (group) {
        var show = group.label === name;
        group.hidden = !show;
        group.disabled = !show;
        if (show && !firstVisible) { firstVisible = group.querySelector("option"); }
      });
      var current = select.options[select.selectedIndex];
      if ((!current || current.parentNode.disabled) && firstVisible) { firstVisible.selected = true; }
    });
  }
  if (city) {
    city.addEventListener("change", filterOptions);
    filterOptions();
  }

  // Provider: the home city and the ticked served cities decide which sub-industry groups show.
  var served = document.querySelector("[data-served-cities]");
  if (!served) { return; }
  var home = document.querySelector("select[data-home-city]");
  function homeId() { return home ? home.value : served.getAttribute("data-home-id"); }
  function filterGroups() {
    var ids = {};
    ids[homeId()] = true;
    served.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.value === homeId()) { box.checked = true; }
      if (box.checked) { ids[box.value] = true; }
    });
    document.querySelectorAll(".check-group[data-group]").forEach(function (group) {
      var show = !!ids[group.getAttribute("data-group")];
      group.hidden = !show;
      if (!show) {
        group.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
      }
    });
  }
  served.addEventListener("change", filterGroups);
  if (home) { home.addEventListener("change", filterGroups); }
  filterGroups();
})();
