/* The relation-type checkboxes (_filters.html): which types are shown. "Tất cả" ticks
   every box, "Bỏ hết" clears them, so "amends only" is two clicks. */
(function () {
  "use strict";
  var PG = window.PG = window.PG || {};

  /* fieldset: the #pg-filters element; onChange(active): called with the Set of checked
     types after every change. Returns {active, only(types)}. */
  PG.createFilters = function (fieldset, onChange) {
    var boxes = Array.prototype.slice.call(
      fieldset.querySelectorAll("input[type=checkbox][name=relation]"));
    var state = { active: new Set() };

    function read() {
      state.active = new Set(boxes.filter(function (b) { return b.checked; })
                                  .map(function (b) { return b.value; }));
      onChange(state.active);
    }

    boxes.forEach(function (box) { box.addEventListener("change", read); });
    fieldset.querySelectorAll("button[data-filter]").forEach(function (button) {
      button.addEventListener("click", function () {
        var on = button.dataset.filter === "all";
        boxes.forEach(function (b) { b.checked = on; });
        read();
      });
    });

    /* Show only these types (for scripts and tests: the same as ticking the boxes). */
    state.only = function (types) {
      boxes.forEach(function (b) { b.checked = types.indexOf(b.value) >= 0; });
      read();
    };
    state.active = new Set(boxes.filter(function (b) { return b.checked; })
                                .map(function (b) { return b.value; }));
    return state;
  };
})();
