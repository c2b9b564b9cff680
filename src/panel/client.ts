/**
 * The panel page's script (plain ES2020, no build step), part 1: helpers, the webhook cards. The add / edit form
 * is in `./client-form.ts`, previews and the delivery log in `./client-log.ts`. User text only ever reaches the page as
 * `textContent`; the only HTML inserted is what the server rendered and escaped (`/_panel/preview`, `/_panel/render`).
 * Every request names JSON (`Accept`, and `Content-Type` on anything that changes state).
 */
import { PANEL_SCRIPT_FORM } from "./client-form.js";
import { PANEL_SCRIPT_LOG } from "./client-log.js";

const CORE = String.raw`"use strict";
const C=JSON.parse(document.getElementById("dwd-config").textContent),L=C.labels,B=C.base,A=C.actor;
const S={hooks:[],open:{},msg:{},filter:{},reason:{},fixed:{},edit:null};
const enc=encodeURIComponent;
function h(t,a,kids){const e=document.createElement(t);if(a)for(const k of Object.keys(a)){const v=a[k];if(v==null||v===false)continue;
if(k==="on")for(const n of Object.keys(v))e.addEventListener(n,v[n]);else e.setAttribute(k,v===true?"":String(v))}
if(kids)for(const c of kids)if(c!=null&&c!==false&&c!=="")e.append(c);return e}
function put(el,kids){el.replaceChildren();for(const c of kids)if(c!=null&&c!==false)el.append(c);return el}
function fam(f){return L.families[f]||f}
function btn(label,fn,cls,extra){return h("button",Object.assign({type:"button",class:cls||null,on:{click:fn}},extra||{}),[label])}
const noticeEl=document.getElementById("notice");
function say(t,bad){noticeEl.textContent=t;noticeEl.className="notice"+(bad?" bad":"")}
async function call(m,p,body){const o={method:m,headers:{accept:"application/json"},credentials:"same-origin"};
if(m!=="GET"){o.headers["content-type"]="application/json";if(m!=="DELETE")o.body=JSON.stringify(body||{})}
const r=await fetch(B+p,o);const t=await r.text();let j=null;try{j=t?JSON.parse(t):null}catch(e){j=null}
if(!r.ok){const err=new Error(j&&j.error?j.error.message:"HTTP "+r.status);err.status=r.status;err.issues=j&&j.error?j.error.issues:null;throw err}return j}
function errText(e){return e.issues&&e.issues.length?e.issues.map(function(i){return (i.path?i.path+": ":"")+i.message}).join("; "):e.message}
function when(s){const d=new Date(s);return isNaN(d)?"":d.toLocaleString(L.lang,{dateStyle:"medium",timeStyle:"short"})}
const URL_RE=/^https:\/\/(?:(?:canary|ptb)\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/\d{17,20}\/[\w-]{24,100}\/?(?:\?thread_id=\d{17,20})?$/i;
function advice(w){const r=w.disabledReason||S.reason[w.id]||"";
if(/\b404\b|unknown webhook/i.test(r))return[L.disabledDeleted,true];if(/\b401\b|invalid webhook token/i.test(r))return[L.disabledToken,true];
return r?[L.disabledOther+" "+r,false]:[L.disabledManual,false]}
function card(w){const id=w.id,off=!w.enabled,k=function(n){return n+":"+id};
const c=h("article",{class:"card"+(off?" off":""),"data-testid":"webhook","data-id":id,"data-name":w.name,"data-enabled":String(w.enabled),"aria-labelledby":"h-"+id});
const adv=off?advice(w):null;
const status=h("p",{class:"status","data-testid":"status"},off?[h("span",{class:"pill off"},[L.disabled])," ",h("span",{class:"advice","data-testid":"why"},[adv[0]])]
:[h("span",{class:"pill on"},[L.enabled])," ",w.testSuccessAt?L.lastDelivered+" "+when(w.testSuccessAt):L.neverDelivered]);
const m=S.msg[id];const msg=h("p",{class:"msg"+(m?(m[1]?" ok":" bad"):""),role:"status","data-testid":"result"},m?[m[0]]:null);
const o=S.open[id]||(S.open[id]={});
const pv=h("div",{class:"previews",id:"pv-"+id,hidden:!o.pv}),lg=h("div",{class:"log",id:"lg-"+id,hidden:!o.lg});
const toggle=function(key,label,el,fill){return btn(label,function(){o[key]=!o[key];render()},null,{"aria-expanded":String(!!o[key]),"aria-controls":el.id,"data-k":k(key)})};
const act=async function(b,fn){b.disabled=true;try{await fn()}catch(e){S.msg[id]=[L.failed+" "+errText(e),false]}await load()};
const test=btn(L.test,function(){act(test,async function(){const r=await call("POST","/"+enc(id)+"/test",{});
S.msg[id]=r.ok?[L.testOk,true]:[L.testFailed+" "+(r.error?r.error.message:"HTTP "+r.status),false]})},null,{"data-k":k("test")});
const flip=btn(off?L.enable:L.disable,function(){act(flip,async function(){await call("PATCH","/"+enc(id),{enabled:off});S.msg[id]=null})},null,{"data-k":k("flip")});
const del=btn(L.delete,function(){if(!confirm(L.confirmDelete))return;act(del,async function(){await call("DELETE","/"+enc(id));say(L.deleted)})},"danger",{"data-k":k("del")});
const edit=btn(L.edit,function(){S.edit=S.edit===id?null:id;render();const f=document.querySelector('[data-testid="edit-form"] input');if(f)f.focus()},adv&&adv[1]?"primary":null,{"aria-expanded":String(S.edit===id),"data-k":k("edit")});
const fixed=S.fixed[id]&&!off?btn(L.resendFailed,function(){resendFailed(w)},"primary",{"data-k":k("rf")}):null;
put(c,[h("h2",{id:"h-"+id},[w.name]),h("p",{class:"meta"},[(L.types[w.type]||w.type)+" · "+(L.scopes[w.scope]||w.scope)+(A.isAdmin&&w.userId?" · "+L.owner+": "+w.userId:"")," ",h("code",{class:"url"},[w.webhookUrl])]),
status,h("div",{class:"bar"},[test,edit,flip,del,toggle("pv",L.preview,pv),toggle("lg",L.log,lg),fixed]),msg,S.edit===id?form(w):null,pv,lg]);
if(o.pv)showPreviews(w,pv);if(o.lg)showLog(w,lg);if(off&&!w.disabledReason&&S.reason[id]===undefined)findReason(w);
return c}
function render(){const list=document.getElementById("list"),a=document.activeElement,k=a&&a.getAttribute("data-k");
put(list,S.hooks.length?S.hooks.map(card):[h("p",{class:"meta","data-testid":"empty"},[L.empty])]);list.setAttribute("aria-busy","false");
if(k){const el=document.querySelector('[data-k="'+CSS.escape(k)+'"]');if(el)el.focus()}}
async function load(){try{const j=await call("GET","");S.hooks=j.webhooks;render()}catch(e){say(L.failed+" "+errText(e),true)}}
`;

const START = String.raw`document.getElementById("add").append(form(null));
document.getElementById("refresh").addEventListener("click",function(){say("");load()});load();`;

/** The page's whole script (wrapped in a function scope). Static, so the CSP allows it by hash. */
export const PANEL_SCRIPT = `(function(){${CORE}${PANEL_SCRIPT_FORM}${PANEL_SCRIPT_LOG}${START}})();`;
