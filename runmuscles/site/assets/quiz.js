// Self-check quiz page: rounds of questions the package generated from the data (one seed each).
// Click or press Enter on an option: right turns green; wrong turns red and the right one green.
(function () {
  "use strict";
  const data = window.RM_DATA;
  const $ = (id) => document.getElementById(id);
  if (!data) {
    $("quiz-prompt").textContent = "The quiz's data (data/quiz.js) did not load: copy the whole site folder.";
    return;
  }
  let round = 0;
  let index = 0;
  let correct = 0;
  let answered = 0;
  let chosen = null;
  const question = () => data.rounds[round][index];

  function showScore() {
    $("quiz-score").innerHTML = `Score: <b>${correct}</b> / ${answered}`;
  }

  function answer(k) {
    if (chosen !== null) return;
    chosen = k;
    const q = question();
    const right = k === q.answer;
    answered += 1;
    correct += right ? 1 : 0;
    [...$("quiz-options").children].forEach((button, j) => {
      button.disabled = true;
      if (j === q.answer) { button.classList.add("right"); button.textContent += " \u2714 right answer"; }
      else if (j === k) { button.classList.add("wrong"); button.textContent += " \u2718 your answer"; }
    });
    const box = document.createElement("div");
    box.className = right ? "right" : "wrong";
    const verdict = document.createElement("b");
    verdict.textContent = right ? "Right! " : `Not quite: the answer is \u201c${q.options[q.answer]}\u201d. `;
    box.append(verdict, q.explanation);
    $("quiz-feedback").replaceChildren(box);
    showScore();
    $("quiz-next").focus();
  }

  function show() {
    const q = question();
    chosen = null;
    $("quiz-progress").textContent = `Round ${round + 1} of ${data.rounds.length} \u00b7 question ${index + 1} of ${data.rounds[round].length}`;
    $("quiz-prompt").textContent = q.prompt;
    const box = $("quiz-options");
    box.textContent = "";
    q.options.forEach((text, j) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = `${"ABCD"[j]}. ${text}`;
      b.addEventListener("click", () => answer(j));
      box.appendChild(b);
    });
    $("quiz-feedback").textContent = "";
    showScore();
  }

  function newRound() {
    round = (round + 1) % data.rounds.length;
    index = 0;
    show();
  }

  $("quiz-next").addEventListener("click", () => {
    if (index + 1 < data.rounds[round].length) { index += 1; show(); } else newRound();
    $("quiz-options").firstChild.focus();
  });
  $("quiz-new").addEventListener("click", () => { newRound(); $("quiz-options").firstChild.focus(); });
  show();
})();
