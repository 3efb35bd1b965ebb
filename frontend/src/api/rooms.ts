// The room API (docs/protocol.md, "Rooms"): the student's side goes with the session cookie; the teacher's sends
// the room's key in a header on every request, never in a URL.
import { request } from "./client";
import type {
  Challenge,
  Experiment,
  MetricsPage,
  RoomAffected,
  RoomControls,
  RoomCreate,
  RoomCreated,
  RoomMessage,
  RoomPreset,
  RoomState,
  RoomView,
} from "./types";

export const ROOM_KEY_HEADER = "X-Neurona-Room-Key";
/** A browser's WebSocket cannot send headers: the teacher's stream offers the key as this subprotocol + KEY. */
export const ROOM_KEY_SUBPROTOCOL = "neurona-room-key.";

const room = (code: string) => `/api/rooms/${encodeURIComponent(code)}`;

export const roomApi = {
  create: (body: RoomCreate) => request<RoomCreated>("POST", "/api/rooms", body),
  join: (code: string, displayName: string) =>
    request<RoomView>("POST", "/api/rooms/join", { code, display_name: displayName }),
  mine: () => request<RoomView | null>("GET", "/api/rooms/mine"),
  leave: () => request<void>("DELETE", "/api/rooms/mine"),
};

/** The teacher's calls for one room, each carrying its key. */
export function teacherApi(code: string, key: string) {
  const headers = { [ROOM_KEY_HEADER]: key };
  return {
    state: () => request<RoomState>("GET", room(code), undefined, headers),
    pushPreset: (preset: RoomPreset) => request<RoomState>("PUT", `${room(code)}/preset`, preset, headers),
    setControls: (controls: RoomControls) => request<RoomState>("PUT", `${room(code)}/controls`, controls, headers),
    setQuota: (quota: number) => request<RoomState>("PUT", `${room(code)}/settings`, { quota }, headers),
    setChallenge: (challenge: Challenge) => request<RoomState>("PUT", `${room(code)}/challenge`, challenge, headers),
    endChallenge: () => request<RoomState>("DELETE", `${room(code)}/challenge`, undefined, headers),
    actAll: (action: RoomAffected["action"]) =>
      request<RoomAffected>("POST", `${room(code)}/${action}`, undefined, headers),
    experiment: (id: string) =>
      request<Experiment>("GET", `${room(code)}/experiments/${encodeURIComponent(id)}`, undefined, headers),
    metrics: (id: string, afterStep = 0) =>
      request<MetricsPage>(
        "GET",
        `${room(code)}/experiments/${encodeURIComponent(id)}/metrics?after_step=${afterStep}`,
        undefined,
        headers,
      ),
  };
}

export type TeacherApi = ReturnType<typeof teacherApi>;

/**
 * The student's room stream (/ws/rooms/mine): one `room` message on connecting and one whenever the teacher
 * changes what is shared. Reconnects with a growing delay until closed; a 4404 close (no room) ends it.
 */
export function followRoom(onRoom: (message: RoomMessage) => void, onGone: () => void): () => void {
  let socket: WebSocket | null = null;
  let closed = false;
  let retries = 0;
  const connect = () => {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${window.location.host}/ws/rooms/mine`);
    socket.onopen = () => (retries = 0);
    socket.onmessage = (event: MessageEvent<unknown>) => {
      if (typeof event.data === "string") onRoom(JSON.parse(event.data) as RoomMessage);
    };
    socket.onclose = (event) => {
      if (closed) return;
      if (event.code === 4404) return onGone();
      retries += 1;
      setTimeout(() => !closed && connect(), Math.min(5000, 250 * 2 ** retries));
    };
  };
  connect();
  return () => {
    closed = true;
    socket?.close();
  };
}
