// TimeMap's domain validation, run with Joi (the library TimeMap validates with): its event, association and
// source field rules as TimeMap's front end declares them (src/reducers/validate/*), written for Joi 17's API.
// Reads a Garrison TimeMap export on stdin; prints {"errors": [...], "events": n, "associations": n, "sources": n}.
const Joi = require("joi");

const str = () => Joi.string().allow("");
const event = Joi.object({
  id: str(), description: str().required(), date: str(), time: str(), time_precision: str(), location: str(),
  latitude: str(), longitude: str(), type: str(), category: str(), category_full: str(),
  associations: Joi.array().required(), sources: Joi.array(), comments: str(), time_display: str(),
  shape: str(), colour: str(),
}).and("latitude", "longitude").or("date", "latitude");
const association = Joi.object({
  id: str().required(), title: str().required(), desc: str(), mode: str().required(), colour: str(), type: str(),
  display: str(), filter_paths: Joi.array(),
});
const source = Joi.object({
  id: Joi.string().required(), title: str(), thumbnail: str(), paths: Joi.array().required(), type: str(),
  affil_s: Joi.array(), url: str(), description: str(), parent: str(), author: str(), date: str(), notes: str(),
});

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const domain = JSON.parse(input);
  const errors = [];
  const check = (kind, item, schema) => {
    const { error } = schema.validate(item);
    if (error) errors.push(`${kind} ${item.id}: ${error.message}`);
  };
  domain.events.forEach((e) => {
    check("event", e, event);
    // TimeMap parses date + time with moment as MM/DD/YYYY HH:mm and drops events whose datetime is invalid
    if (e.date && !/^(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/\d{4}$/.test(e.date)) errors.push(`event ${e.id}: date ${e.date}`);
    e.associations.forEach((a) => {
      if (!domain.associations.some((x) => x.id === a)) errors.push(`event ${e.id}: unknown association ${a}`);
    });
    (e.sources || []).forEach((s) => { if (!(s in domain.sources)) errors.push(`event ${e.id}: unknown source ${s}`); });
  });
  domain.associations.forEach((a) => check("association", a, association));
  const ids = domain.associations.map((a) => a.id);
  if (new Set(ids).size !== ids.length) errors.push("associations: duplicate ids");
  Object.values(domain.sources).forEach((s) => check("source", s, source));
  console.log(JSON.stringify({ errors, events: domain.events.length, associations: ids.length,
                               sources: Object.keys(domain.sources).length }));
});
