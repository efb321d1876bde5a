// The organisation's menu: one section open at a time; Escape or a click elsewhere closes it.
(function () {
  const menus = Array.from(document.querySelectorAll("details.org-menu"));
  function closeAll(except) {
    menus.forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) closeAll(menu);
    });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest("details.org-menu")) closeAll(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    const open = menus.find(function (menu) { return menu.open; });
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();
