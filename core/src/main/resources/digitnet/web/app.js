// The drawing page: strokes on #pad are sent as a PNG to /api/predict while drawing; the answer
// fills #prediction, the probability bars and #seen (the 28x28 image the network actually read).
// For a convolutional model the page asks /api/features instead, whose answer also holds the
// feature maps of each convolution and pooling layer, drawn in #maps. A picture chosen in #upload is
// sent as it is; a model trained on a folder of pictures reads it resized to its size, in colour when
// it has 3 channels, and #seen shows it so (the answer's pixels are channel-major: red, green, blue).
"use strict";

const pad = document.getElementById("pad");
const ctx = pad.getContext("2d");
const seen = document.getElementById("seen").getContext("2d");
let drawing = false, inFlight = false, again = false, hasInk = false, last = null;
let endpoint = "/api/predict";
let input = { channels: 1, height: 28, width: 28 };     // what the model reads, from /api/model

function clearPad() {
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, pad.width, pad.height);
  hasInk = false;
  document.getElementById("prediction").textContent = "?";
  document.getElementById("confidence").textContent = "draw something";
  showBars(null);
  seen.fillStyle = "#000";
  seen.fillRect(0, 0, input.width, input.height);
  document.getElementById("maps").replaceChildren();
}

function point(e) {
  const r = pad.getBoundingClientRect();
  return { x: (e.clientX - r.left) * pad.width / r.width, y: (e.clientY - r.top) * pad.height / r.height };
}

function stroke(from, to) {
  ctx.strokeStyle = "#000";
  ctx.lineWidth = 20;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
  hasInk = true;
}

pad.addEventListener("pointerdown", e => {
  drawing = true;
  last = point(e);
  stroke(last, last);
  pad.setPointerCapture(e.pointerId);
  predictSoon();
});
pad.addEventListener("pointermove", e => {
  if (!drawing) return;
  const p = point(e);
  stroke(last, p);
  last = p;
  predictSoon();
});
for (const type of ["pointerup", "pointercancel"]) {
  pad.addEventListener(type, () => { if (drawing) { drawing = false; predictSoon(); } });
}
document.getElementById("clear").addEventListener("click", clearPad);

// At most one request at a time; strokes made meanwhile are sent when it returns.
function predictSoon() {
  if (!hasInk) return;
  if (inFlight) { again = true; return; }
  inFlight = true;
  again = false;
  pad.toBlob(async blob => {
    try {
      const res = await fetch(endpoint, { method: "POST", headers: { "Content-Type": "image/png" }, body: blob });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error || res.status);
      if (hasInk) showPrediction(body);
    } catch (err) {
      document.getElementById("confidence").textContent = "error: " + err.message;
    } finally {
      inFlight = false;
      if (again) predictSoon();
    }
  }, "image/png");
}

function showPrediction(p) {
  document.getElementById("prediction").textContent = p.label;
  document.getElementById("confidence").textContent =
    (100 * p.probabilities[p.digit]).toFixed(1) + "% sure";
  showBars(p.probabilities, p.digit);
  drawPixels(seen, p.pixels, input);
  if (p.feature_maps) drawMaps(p.feature_maps);
}

// One row per convolution or pooling layer: a small grey canvas per channel (black: the channel's
// lowest activation, white: its highest), from base64 grey levels, channel after channel.
function drawMaps(layers) {
  const box = document.getElementById("maps");
  box.replaceChildren();
  for (const l of layers) {
    const [channels, h, w] = l.shape;
    const row = document.createElement("div");
    row.className = "map-layer";
    row.dataset.layer = l.layer;
    const cap = document.createElement("div");
    cap.className = "sub";
    cap.textContent = `layer ${l.layer}, ${l.kind}: ${channels}x${h}x${w}` +
      (l.channels < channels ? ` (first ${l.channels} channels)` : "");
    const grid = document.createElement("div");
    grid.className = "map-grid";
    const grey = atob(l.grey);
    const zoom = Math.max(1, Math.round(56 / Math.max(h, w)));
    for (let c = 0; c < l.channels; c++) {
      const canvas = document.createElement("canvas");
      canvas.className = "fmap";
      canvas.width = w;
      canvas.height = h;
      canvas.style.width = (w * zoom) + "px";
      canvas.style.height = (h * zoom) + "px";
      const ctx2 = canvas.getContext("2d");
      const img = ctx2.createImageData(w, h);
      for (let i = 0; i < w * h; i++) {
        const v = grey.charCodeAt(c * w * h + i);
        img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
        img.data[4 * i + 3] = 255;
      }
      ctx2.putImageData(img, 0, 0);
      grid.appendChild(canvas);
    }
    row.append(cap, grid);
    box.appendChild(row);
  }
}

let classes = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
function showBars(probabilities, top) {
  const bars = document.getElementById("bars");
  bars.replaceChildren();
  classes.forEach((label, i) => {
    const row = document.createElement("div");
    row.className = "bar-row" + (i === top ? " top" : "");
    row.id = "bar-" + i;
    const d = document.createElement("span");
    d.className = "digit";
    d.textContent = label;
    const track = document.createElement("span");
    track.className = "bar-track";
    const fill = document.createElement("span");
    fill.className = "bar-fill";
    fill.style.display = "block";
    const p = probabilities ? probabilities[i] : 0;
    fill.style.width = (100 * p).toFixed(1) + "%";
    track.appendChild(fill);
    const pct = document.createElement("span");
    pct.className = "pct";
    pct.textContent = probabilities ? (100 * p).toFixed(1) + "%" : "";
    row.append(d, track, pct);
    bars.appendChild(row);
  });
}

// pixels: channels x height x width bytes, channel-major (a grey image when channels is 1)
function drawPixels(context, pixels, shape = { channels: 1, height: 28, width: 28 }) {
  const area = shape.height * shape.width, colour = shape.channels === 3;
  const img = context.createImageData(shape.width, shape.height);
  for (let i = 0; i < area; i++) {
    img.data[4 * i] = pixels[i];
    img.data[4 * i + 1] = colour ? pixels[area + i] : pixels[i];
    img.data[4 * i + 2] = colour ? pixels[2 * area + i] : pixels[i];
    img.data[4 * i + 3] = 255;
  }
  context.putImageData(img, 0, 0);
}

// A picture file sent as it is, with its own content type.
async function upload(file) {
  try {
    const res = await fetch(endpoint, { method: "POST", headers: { "Content-Type": file.type }, body: file });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || res.status);
    showPrediction(body);
  } catch (err) {
    document.getElementById("confidence").textContent = "error: " + err.message;
  }
}
document.getElementById("upload").addEventListener("change", e => {
  if (e.target.files.length > 0) upload(e.target.files[0]);
});

// The gallery: dev digits with the network's reading, a page at a time.
const PAGE = 24;
let galleryOffset = 0, galleryOnly = "all", galleryTotal = 0;
async function loadGallery() {
  const res = await fetch(`/api/samples?offset=${galleryOffset}&limit=${PAGE}&only=${galleryOnly}`);
  if (!res.ok) { document.getElementById("gallery-section").hidden = true; return; }
  const page = await res.json();
  galleryTotal = page.total;
  document.getElementById("gallery-description").textContent = page.description;
  document.getElementById("gallery-position").textContent = page.total === 0 ? "none" :
    `${galleryOffset + 1}-${Math.min(galleryOffset + PAGE, page.total)} of ${page.total}`;
  const grid = document.getElementById("gallery");
  grid.replaceChildren();
  for (const s of page.items) {
    const fig = document.createElement("div");
    fig.className = "sample " + (s.label === s.predicted ? "right" : "wrong");
    const c = document.createElement("canvas");
    c.width = c.height = 28;
    drawPixels(c.getContext("2d"), s.pixels);
    const cap = document.createElement("div");
    cap.textContent = s.label === s.predicted ? `${classes[s.predicted]} (${Math.round(100 * s.confidence)}%)`
      : `${classes[s.label]} read ${classes[s.predicted]} (${Math.round(100 * s.confidence)}%)`;
    fig.append(c, cap);
    grid.appendChild(fig);
  }
}
function pageBy(delta) {
  const next = galleryOffset + delta;
  if (next >= 0 && next < galleryTotal) { galleryOffset = next; loadGallery(); }
}
document.getElementById("prev").addEventListener("click", () => pageBy(-PAGE));
document.getElementById("next").addEventListener("click", () => pageBy(PAGE));
for (const [id, only] of [["show-all", "all"], ["show-wrong", "wrong"]]) {
  document.getElementById(id).addEventListener("click", () => {
    galleryOnly = only;
    galleryOffset = 0;
    document.getElementById("show-all").classList.toggle("on", only === "all");
    document.getElementById("show-wrong").classList.toggle("on", only === "wrong");
    loadGallery();
  });
}

async function loadModel() {
  const res = await fetch("/api/model");
  const m = await res.json();
  classes = m.classes;
  input = { channels: m.channels || 1, height: m.height, width: m.width };
  const seenCanvas = document.getElementById("seen");
  seenCanvas.width = input.width;
  seenCanvas.height = input.height;
  if (m.pictures === "resized") {
    document.getElementById("seen-how").textContent =
      `The picture resized to ${m.width}x${m.height}${input.channels === 3 ? ", in colour" : ", in grey"}, as the network reads it.`;
  }
  const acc = m.metrics && m.metrics.dev_accuracy !== undefined
    ? `, dev accuracy ${(100 * m.metrics.dev_accuracy).toFixed(2)}%` : "";
  document.getElementById("model").textContent = `Network ${m.architecture}${acc}.`;
  if (m.feature_maps) {
    endpoint = "/api/features";
    document.getElementById("maps-section").hidden = false;
  }
  if (m.report) {
    document.getElementById("report-link").hidden = false;
    const frame = document.getElementById("report");
    frame.src = "/report/";
    frame.hidden = false;
  }
  showBars(null);
}

clearPad();
loadModel().then(loadGallery);
