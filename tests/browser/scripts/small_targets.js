// Controls smaller than `px` on either side, as "tag#id "text" WxH". Links inside a sentence
// are exempt (WCAG 2.5.8, inline), and so are checkboxes whose label is the target.
(px) => [...document.querySelectorAll("a[href], button, input, select, summary, textarea, label.chip, label.check")]
  .filter((el) => el.offsetParent !== null && !el.matches("a.cite") && !el.closest("p, .source, footer, small, td"))
  .filter((el) => !(el.tagName === "INPUT" && ["checkbox", "radio", "hidden"].includes(el.type)))
  .map((el) => [el, el.getBoundingClientRect()])
  .filter(([, r]) => r.width > 0 && (r.height < px || r.width < px))
  .map(([el, r]) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.innerText || el.value || "").trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`)
