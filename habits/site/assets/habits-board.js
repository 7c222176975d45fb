/* habits: "this is me" on the team leaderboard, an enhancement (every board reads without it).

   - The member index (ul.habits-members) gets a "This is me" button by each name; the choice
     is kept in this browser's localStorage, per team, and nowhere else.
   - A page of boards (.habits-board-me) then marks the reader's row where it shows, and
     where it does not (a long board shows its top), fetches the page of every rank holding
     it and pins a copy of that row under the top, in a tbody of its own.
   - Runs on load and on each page Material's instant navigation swaps in; does nothing
     when there is nothing to do (no storage, no fetch under file://: the links remain). */
(function () {
  "use strict";
  var PREFIX = "habits-board-me:";

  function remembered(team) {
    try {
      var value = JSON.parse(window.localStorage.getItem(PREFIX + team) || "null");
      return value && typeof value.handle === "string" ? value : null;
    } catch (e) {
      return null;
    }
  }

  function remember(team, value) {
    try {
      if (value) window.localStorage.setItem(PREFIX + team, JSON.stringify(value));
      else window.localStorage.removeItem(PREFIX + team);
    } catch (e) {
      /* storage refused (a private window): the pages read as they are */
    }
  }

  function members() {
    var list = document.querySelector("ul.habits-members[data-team]");
    if (!list) return;
    var team = list.getAttribute("data-team");
    var me = remembered(team);
    Array.prototype.forEach.call(list.querySelectorAll("li[data-handle]"), function (item) {
      var handle = item.getAttribute("data-handle");
      var button = item.querySelector("button.habits-me-button");
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "habits-me-button";
        button.addEventListener("click", function () {
          var now = remembered(team);
          var name = item.querySelector("strong");
          remember(
            team,
            now && now.handle === handle
              ? null
              : { handle: handle, name: name ? name.textContent : handle }
          );
          members();
        });
        item.appendChild(button);
      }
      var mine = me !== null && me.handle === handle;
      button.textContent = mine ? "This is you: forget" : "This is me";
      button.setAttribute("aria-pressed", mine ? "true" : "false");
    });
  }

  function mark(row) {
    row.classList.add("habits-me");
    var cell = row.querySelector(".habits-member");
    if (cell && !cell.querySelector(".habits-you")) {
      var you = document.createElement("span");
      you.className = "habits-you";
      you.textContent = "(you)";
      cell.insertBefore(you, cell.querySelector(".habits-detail"));
    }
  }

  function pinned(table, row) {
    if (table.querySelector("tbody.habits-pinned")) return;
    var copy = document.importNode(row, true);
    copy.removeAttribute("id");
    mark(copy);
    var body = document.createElement("tbody");
    body.className = "habits-pinned";
    body.appendChild(copy);
    table.appendChild(body);
  }

  function pin() {
    var place = document.querySelector(".habits-board-me[data-team]");
    if (!place) return;
    var me = remembered(place.getAttribute("data-team"));
    if (!me) return;
    var boards = place.getAttribute("data-boards").split(" ");
    var pages = JSON.parse(place.getAttribute("data-pages"))[me.handle] || [];
    place.textContent = "Your row, " + me.name + ", is marked on each board (chosen on ";
    var link = document.createElement("a");
    link.href = place.getAttribute("data-members");
    link.textContent = "every member";
    place.appendChild(link);
    place.appendChild(document.createTextNode(")."));
    place.hidden = false;
    boards.forEach(function (board, i) {
      if (!board) return;
      var id = board + "." + me.handle;
      var row = document.getElementById(id);
      if (row) {
        mark(row);
        return;
      }
      var table = document.querySelector(
        'table.habits-board[data-board="' + window.CSS.escape(board) + '"]'
      );
      if (!table || !pages[i] || !window.fetch) return;
      var address = new URL(
        place.getAttribute("data-all") + board + "/" + pages[i] + "/index.html",
        window.location.href
      );
      window
        .fetch(address)
        .then(function (response) {
          return response.ok ? response.text() : "";
        })
        .then(function (text) {
          var found = new DOMParser().parseFromString(text, "text/html").getElementById(id);
          if (found) pinned(table, found);
        })
        .catch(function () {
          /* offline or under file://: the member index still links the row */
        });
    });
  }

  function run() {
    members();
    pin();
  }

  run();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(run);
  }
})();
