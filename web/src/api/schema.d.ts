/* Generated from the API's OpenAPI document by web/scripts/api-types.ts: do not edit. */
export interface paths {
    "/v1/dev/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a development token (local stage only; absent in every other stage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "patrol" | "shelter" | "tracer" | "admin" | "system";
                        sub: string;
                        district?: string;
                        facility?: string;
                    };
                };
            };
            responses: {
                /** @description A token valid for 12 hours */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            token: string;
                            expiresIn: number;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/facilities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List facilities, by district and/or type */
        get: {
            parameters: {
                query?: {
                    type?: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                    district?: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Facility"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Register an aid station or public welfare facility (admin) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @enum {string} */
                        type: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                        district: string;
                        address: string;
                        location: {
                            lat: number;
                            lng: number;
                        };
                        capacity: {
                            male: number;
                            female: number;
                        };
                        phone?: string;
                    };
                };
            };
            responses: {
                /** @description The facility */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Facility"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/facilities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One facility */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The facility */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Facility"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a facility (admin); If-Match is honoured when sent */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        type?: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                        district?: string;
                        address?: string;
                        location?: {
                            lat: number;
                            lng: number;
                        };
                        capacity?: {
                            male: number;
                            female: number;
                        };
                        phone?: string;
                    };
                };
            };
            responses: {
                /** @description The changed facility */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Facility"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A capacity below the beds in use (`beds` gives the numbers by sex), or another write in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The If-Match version is stale. */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match is required. */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/facilities/{id}/occupancy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Beds by sex (capacity, taken, held, free) and the current residents with days in care and flags
         * @description Shelter staff see their own facility; the office, facilities of its district.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The occupancy now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Occupancy"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/facilities/{id}/waitlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The facility’s waitlist by wing: offers (beds held) and those waiting, first come first served */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The waitlist */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Waitlist"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Put a person on the facility’s waitlist for a bed of their wing (first come first served)
         * @description For a full wing only, with the reason the person needs a bed; a person on the street or in care at another facility. When a bed frees, the head of the list is offered it: the bed is held for them (`bed_offered`) for `waitlistOfferHours` and their admission takes it; an offer not taken goes to the next. With a bed free the answer is an admission (409 `bed_free`). Entries are budgeted per caller (`waitlistJoins`, 429). Those who may admit to the facility.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        personId: string;
                        /** @enum {string} */
                        bedSex?: "male" | "female";
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description On the waitlist, waiting */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WaitlistEntry"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A bed is free (`bed_free`: admit instead), on this waitlist already, in care here already, deceased, or not awaiting a bed (`not_awaiting_bed`). */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The caller’s waitlist budget is spent (`waitlist_budget_spent`); Retry-After says when. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/facilities/{id}/waitlist/{personId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Take a person off the facility’s waitlist (admitted elsewhere, placed, reunited, or no longer waiting)
         * @description One transaction: the entry goes and, when it held an offered bed, the hold passes to the next in line (`bed_offered`) or the bed is free again. An admission to this facility takes the person off its list by itself; entries at other facilities stay until removed here. Those who may admit to the facility; audited.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    personId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Off the waitlist */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such facility, not visible to the caller, or the person is not on its waitlist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The waitlist is being changed by someone else: retry (Retry-After). */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search by name (characters, pinyin, initials, homophones) or list a district */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    riskFactor?: "mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper";
                    status?: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
                    identityStatus?: "identified" | "unidentified";
                    district?: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["PersonSummary"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Register a person in the at-risk register (易流浪走失人员数据库) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @default [] */
                        aliases?: string[];
                        /** @enum {string} */
                        sex: "male" | "female" | "unknown";
                        /** Format: date */
                        birthDate?: string;
                        birthYear?: number;
                        estimatedAge?: number;
                        /** Format: date */
                        estimatedAt?: string;
                        idNumber?: string;
                        heightCm?: number;
                        build?: string;
                        marks?: string;
                        clothing?: string;
                        dialect?: string;
                        homeRegion?: {
                            province?: string;
                            city?: string;
                            county?: string;
                        };
                        address?: {
                            text: string;
                            location?: {
                                lat: number;
                                lng: number;
                            };
                        };
                        /** @default [] */
                        riskFactors?: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
                        healthNotes?: string;
                        /** @enum {string} */
                        identityStatus?: "identified" | "unidentified";
                        /**
                         * @default on_street
                         * @enum {string}
                         */
                        status?: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
                        /** @default [] */
                        guardians?: {
                            name: string;
                            relation: string;
                            phone: string;
                        }[];
                        /** @enum {string} */
                        registrationSource?: "family" | "survey" | "patrol";
                        /** Format: date */
                        lastSurveyAt?: string;
                        district: string;
                    };
                };
            };
            responses: {
                /** @description Registered; similar records are listed */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            person: components["schemas"]["Person"];
                            possibleDuplicates: components["schemas"]["PersonSummary"][];
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/follow-ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The follow-up work list: register re-surveys, visits and follow-ups after a refusal, due by a date, soonest first
         * @description Rules 1 and 12. `due=before:2026-12-01` lists what is due on or before that CST date, overdue first.
         */
        get: {
            parameters: {
                query: {
                    due: string;
                    district?: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name?: string;
                                aliases: string[];
                                /** @enum {string} */
                                sex: "male" | "female" | "unknown";
                                birthDate?: string;
                                birthYear?: number;
                                estimatedAge?: number;
                                estimatedAt?: string;
                                homeRegion?: {
                                    province?: string;
                                    city?: string;
                                    county?: string;
                                };
                                /** @enum {string} */
                                identityStatus: "identified" | "unidentified";
                                /** @enum {string} */
                                status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
                                district: string;
                                /** @enum {string} */
                                registrationSource: "family" | "survey" | "patrol";
                                riskFactors: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
                                nextFollowUp: {
                                    dueOn: string;
                                    /** @enum {string} */
                                    reason: "resurvey" | "visit" | "after_refusal";
                                };
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/clinical-finding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a clinician’s finding on a (suspected) mental disorder: it clears a suspicion seen on the street before it, or confirms it
         * @description Rules 8 and 9 read a mental disorder suspected at an encounter as a recorded one until a clinician’s finding made after the suspicion clears it. The same finding sent again changes nothing; one older than the finding on record is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome: "mental_disorder" | "no_mental_disorder";
                        clinician: string;
                        /** Format: date-time */
                        at: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description The person with the finding */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A later finding is on record. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/concern-flag/clearance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Clear the rule-2 flag (suspected lost, trafficked or abandoned, or missing from care) once the police report is made and the suspicion resolved
         * @description Name what raised the flag: the encounter (`encounterId`) or, for a protected person who left care, the stay (`stayId`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        encounterId?: string;
                        /** Format: uuid */
                        stayId?: string;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description The person, no longer flagged */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Find a person by ID number (sent in the body, never in a URL) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        idNumber: string;
                    };
                };
            };
            responses: {
                /** @description The person */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Over the caller’s budget for this route; retry after the Retry-After header’s seconds. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One person, in the view of the caller’s role (audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The person; ETag carries the version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a person; needs If-Match with the ETag last read */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string | null;
                        aliases?: string[];
                        /** @enum {string} */
                        sex?: "male" | "female" | "unknown";
                        /** Format: date */
                        birthDate?: string | null;
                        birthYear?: number | null;
                        estimatedAge?: number | null;
                        /** Format: date */
                        estimatedAt?: string | null;
                        idNumber?: string | null;
                        heightCm?: number | null;
                        build?: string | null;
                        marks?: string | null;
                        clothing?: string | null;
                        dialect?: string | null;
                        homeRegion?: {
                            province?: string;
                            city?: string;
                            county?: string;
                        } | null;
                        address?: {
                            text: string;
                            location?: {
                                lat: number;
                                lng: number;
                            };
                        } | null;
                        riskFactors?: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
                        healthNotes?: string | null;
                        /** @enum {string|null} */
                        identityStatus?: "identified" | "unidentified" | null;
                        /** @enum {string} */
                        status?: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
                        guardians?: {
                            name: string;
                            relation: string;
                            phone: string;
                        }[];
                        /** @enum {string} */
                        registrationSource?: "family" | "survey" | "patrol";
                        /** Format: date */
                        lastSurveyAt?: string | null;
                        district?: string;
                    };
                };
            };
            responses: {
                /** @description The changed person */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The If-Match version is stale. */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match is required. */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/persons/{id}/photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A person’s photos, newest first, with their purpose and which is the notice’s portrait (audited) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Photo"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Offer an upload of a person’s photo: a URL to PUT one JPEG or PNG file to
         * @description JPEG or PNG up to 5242880 bytes and 50331648 pixels. The file is judged by its content when the photo is completed, never by its name or declared type. `purpose` says what it shows: `portrait` (the face; only a portrait can be chosen for the tracing notice), `mark` (a distinguishing mark), `document`, `other`. Shelter staff handle photos only of a person in care at their own facility.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        contentType: "image/jpeg" | "image/png";
                        sizeBytes: number;
                        /** @enum {string} */
                        purpose: "portrait" | "mark" | "document" | "other";
                    };
                };
            };
            responses: {
                /** @description A pending photo and where to upload its file */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            photoId: string;
                            upload: components["schemas"]["PhotoUpload"];
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/photos/{photoId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete an upload: the file is checked by content, size and pixel count, stripped to what the image needs (no EXIF/GPS, XMP, IPTC, comments, thumbnails, unknown ICC profiles), and kept
         * @description A refused file (not a JPEG or PNG, truncated, corrupt, too large, too many pixels) is a 400 naming the reason (`reason`), and nothing of it is kept: the upload and the pending photo are gone. Completing a ready photo again returns it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    photoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The photo, ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Photo"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The file has not been uploaded yet. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/photos/{photoId}/notice-portrait": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Choose a ready portrait as the photo of the person’s tracing notice (audited); it replaces an earlier choice
         * @description The notice publishes this photo and no other: until staff choose one it has no photo. A photo that is not a ready portrait is a 422 (`reason`: `photo_not_ready`, `photo_not_portrait`). Choosing the same photo again changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    photoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The notice’s portrait, who chose it and when */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NoticePortrait"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The photo is not a ready portrait. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/photos/{photoId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A short-lived URL of a ready photo (metadata stripped), audited as a read of the person
         * @description The URL works for 300 seconds.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    photoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Where to fetch the photo, and until when */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PhotoDownload"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/tracing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person’s tracing case: stage, deadlines and timeline
         * @description Rules 3–7. The case opens when an unidentified person is admitted; tracers, station staff and the office of the case’s district read it.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The case */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TracingCase"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/tracing/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a tracing step; it completes the deadlines it satisfies
         * @description `notice_published` (rule 3), `notice_refreshed` (rule 6), `dna_requested` and `dna_sampled` (rule 4), `lead`, `note`, and `identity_confirmed`, which makes the person identified (name, home region, ID number sealed) in the same transaction. `at` defaults to now.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "notice_published";
                        /** Format: date-time */
                        at?: string;
                        /** @enum {string} */
                        channel: "national_tracing_site" | "social_media" | "newspaper" | "television" | "police" | "other";
                        /** Format: uri */
                        url?: string;
                    } | {
                        /** @enum {string} */
                        kind: "notice_refreshed";
                        /** Format: date-time */
                        at?: string;
                        /** @enum {string} */
                        channel?: "national_tracing_site" | "social_media" | "newspaper" | "television" | "police" | "other";
                        /** Format: uri */
                        url?: string;
                    } | {
                        /** @enum {string} */
                        kind: "dna_requested";
                        /** Format: date-time */
                        at?: string;
                        note?: string;
                    } | {
                        /** @enum {string} */
                        kind: "dna_sampled";
                        /** Format: date-time */
                        at?: string;
                        note?: string;
                    } | {
                        /** @enum {string} */
                        kind: "lead";
                        /** Format: date-time */
                        at?: string;
                        /** @enum {string} */
                        source: "family" | "police" | "public" | "volunteer" | "other_station" | "other";
                        summary: string;
                    } | {
                        /** @enum {string} */
                        kind: "identity_confirmed";
                        /** Format: date-time */
                        at?: string;
                        name: string;
                        idNumber?: string;
                        homeRegion: {
                            province?: string;
                            city?: string;
                            county?: string;
                        };
                        /** Format: uuid */
                        reportId?: string;
                    } | {
                        /** @enum {string} */
                        kind: "note";
                        /** Format: date-time */
                        at?: string;
                        text: string;
                    };
                };
            };
            responses: {
                /** @description The case with the step */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TracingCase"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/matches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Missing-person reports (and register members with guardians) that may be this unidentified person, best first
         * @description Scores are absolute in [0, 1]; each reason says whether a field agrees, disagrees or is unknown, its weight and why (zh-CN). Rejected pairs are left out.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Candidates above the threshold */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            candidates: components["schemas"]["MatchCandidate"][];
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/reunion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a reunion (团聚): ends the stay, closes the tracing case and the report, sets the person reunited
         * @description One transaction with the discharge (the bed freed). Rule 9: a person who may be under 16, or in special difficulty, goes only to a relative on record whose ID was checked (`relative.idVerified: true`); otherwise 422 naming the rule. Sending the same reunion again returns it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        method: "family_pickup" | "escorted_home" | "self_return";
                        relative: {
                            name: string;
                            relation: string;
                            verification?: {
                                /** @enum {string} */
                                document: "resident_id_card" | "household_register" | "passport" | "travel_permit" | "other_official_id";
                                last4: string;
                                /** Format: date-time */
                                checkedAt: string;
                            };
                        };
                        /** Format: date-time */
                        at: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Reunited */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Reunion"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The person is deceased, or their records changed meanwhile. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rule 9: the release needs a relative on record whose ID was checked. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/notice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tracing notice (寻亲公告): only what may be published, as JSON or a printable A4 page (`format=html`)
         * @description Photo, sex, apparent age, height, where and when found, clothing and the station’s contact; never a name, diagnosis, ID number, guardian or health note.
         */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "html";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The notice */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TracingNotice"];
                        "text/html": string;
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Everything held about one person (PIPL arts. 44-45), as JSON or a printable page (`format=html`)
         * @description The record (ID number opened), encounters, stays, placements and proposals, waitlist places, aid cases, the tracing case and its timeline, photos as download links valid for minutes, match candidates, correction requests, and the audit trail of who read or changed the record. Audited with who asked (`requester`) and the legal basis (`basis`). Admin only, in their district.
         */
        get: {
            parameters: {
                query: {
                    basis: "data_subject" | "guardian" | "close_relative_deceased" | "authority" | "office";
                    requester: string;
                    format?: "json" | "html";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The export */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PersonExport"];
                        "text/html": string;
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/erasure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase a person everywhere (PIPL art. 47): 201 with what was removed; asked again, 200 with the same erasure
         * @description Removes the record, name keys, ID-number key, encounters, photos (files too), the notice portrait, the tracing case, matches on both sides, blocking entries, stays, placements, aid cases, waitlist places, their rows on campaign visit lists and the idempotency records that carry them. Kept without identifying fields: the audit trail (free text removed) and what the records counted for in the monthly reports (residues). Refused (409) while a duty lasts: the person in care, on a waitlist, with a placement pending or emergency aid unpaid.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        basis: "subject_request" | "guardian_request" | "close_relative_request" | "purpose_achieved" | "retention_period";
                        requester: string;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Erased before: the erasure done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            personId: string;
                            at: string;
                            by: string;
                            /** @enum {string} */
                            basis: "subject_request" | "guardian_request" | "close_relative_request" | "purpose_achieved" | "retention_period";
                            requester: string;
                            reason: string;
                            removed: {
                                [key: string]: number;
                            };
                            auditScrubbed: number;
                            photosRemoved: number;
                            rulesVersion?: string;
                        };
                    };
                };
                /** @description Erased */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Erasure"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A duty keeps the record (in care, waitlisted, a placement pending, aid unpaid), or the person changed meanwhile. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A person’s correction requests, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The requests */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                personId: string;
                                /** @enum {string} */
                                basis: "data_subject" | "guardian" | "close_relative_deceased" | "authority" | "office";
                                requester: string;
                                fields: ("name" | "aliases" | "sex" | "birthDate" | "birthYear" | "idNumber" | "heightCm" | "marks" | "clothing" | "dialect" | "homeRegion" | "address" | "guardians" | "healthNotes" | "riskFactors" | "status" | "identityStatus" | "other")[];
                                asked: string;
                                receivedAt: string;
                                receivedBy: string;
                                /** @enum {string} */
                                status: "open" | "accepted" | "refused";
                                decision?: {
                                    at: string;
                                    by: string;
                                    /** @enum {string} */
                                    outcome: "accepted" | "refused";
                                    personVersion?: number;
                                    note?: string;
                                    reason?: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Record a correction request (PIPL art. 46): what the person says is wrong
         * @description The change itself is a PATCH of the record, under its rules; the decision then names the version that carries it, or the reason of a refusal.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        basis: "data_subject" | "guardian" | "close_relative_deceased" | "authority" | "office";
                        requester: string;
                        fields: ("name" | "aliases" | "sex" | "birthDate" | "birthYear" | "idNumber" | "heightCm" | "marks" | "clothing" | "dialect" | "homeRegion" | "address" | "guardians" | "healthNotes" | "riskFactors" | "status" | "identityStatus" | "other")[];
                        asked: string;
                    };
                };
            };
            responses: {
                /** @description Recorded */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Correction"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/corrections/{correctionId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What was done with a correction request: accepted (the record’s version that carries it) or refused with the reason */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    correctionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome: "accepted";
                        personVersion: number;
                        note?: string;
                    } | {
                        /** @enum {string} */
                        outcome: "refused";
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Decided */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            personId: string;
                            /** @enum {string} */
                            basis: "data_subject" | "guardian" | "close_relative_deceased" | "authority" | "office";
                            requester: string;
                            fields: ("name" | "aliases" | "sex" | "birthDate" | "birthYear" | "idNumber" | "heightCm" | "marks" | "clothing" | "dialect" | "homeRegion" | "address" | "guardians" | "healthNotes" | "riskFactors" | "status" | "identityStatus" | "other")[];
                            asked: string;
                            receivedAt: string;
                            receivedBy: string;
                            /** @enum {string} */
                            status: "open" | "accepted" | "refused";
                            decision?: {
                                at: string;
                                by: string;
                                /** @enum {string} */
                                outcome: "accepted" | "refused";
                                personVersion?: number;
                                note?: string;
                                reason?: string;
                            };
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The request was already decided. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tracing/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tracers’ work list: open cases of the district by nearest deadline, overdue first
         * @description `due=before:2026-12-01` lists cases with a deadline on or before that CST date; `stage` filters by stage (intake, stranded, long_term, identified).
         */
        get: {
            parameters: {
                query?: {
                    due?: string;
                    stage?: "intake" | "stranded" | "long_term" | "missing_from_care" | "identified";
                    district?: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["TracingCaseRow"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missing-reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reports of the district by status: filed here (`listing=filed`) or naming the district as where the person was last seen (`listing=seen`) */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "closed";
                    listing?: "filed" | "seen";
                    district?: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["MissingReportRow"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** File a missing-person report for a family (national: any station may match it) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @default [] */
                        aliases?: string[];
                        /** @enum {string} */
                        sex: "male" | "female" | "unknown";
                        /** Format: date */
                        birthDate?: string;
                        birthYear?: number;
                        ageAtDisappearance?: number;
                        heightCm?: number;
                        marks?: string;
                        dialect?: string;
                        homeRegion?: {
                            province?: string;
                            city?: string;
                            county?: string;
                        };
                        /** @default [] */
                        conditions?: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
                        lastSeen: {
                            /** Format: date-time */
                            at: string;
                            place: string;
                            lat?: number;
                            lng?: number;
                            district?: string;
                        };
                        clothing?: string;
                        reporter: {
                            name: string;
                            relation: string;
                            phone: string;
                        };
                        district?: string;
                    };
                };
            };
            responses: {
                /** @description Filed; Location names the report, ETag its version */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MissingReport"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missing-reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One report: for the filing district, the district where the person was last seen, and districts holding a person matched with it
         * @description A district that holds a candidate person reads the report for review (the fields compared, no reporter contact, no conditions) until the filing district accepts the match.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The report; ETag carries the version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MissingReport"] | components["schemas"]["MissingReportForReview"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change an open report (the filing district); needs If-Match with the ETag last read */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        aliases?: string[];
                        /** @enum {string} */
                        sex?: "male" | "female" | "unknown";
                        /** Format: date */
                        birthDate?: string | null;
                        birthYear?: number | null;
                        ageAtDisappearance?: number | null;
                        heightCm?: number | null;
                        marks?: string | null;
                        dialect?: string | null;
                        homeRegion?: {
                            province?: string;
                            city?: string;
                            county?: string;
                        } | null;
                        conditions?: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
                        lastSeen?: {
                            /** Format: date-time */
                            at: string;
                            place: string;
                            lat?: number;
                            lng?: number;
                            district?: string;
                        };
                        clothing?: string | null;
                        reporter?: {
                            name: string;
                            relation: string;
                            phone: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MissingReport"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The If-Match version is stale. */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match is required. */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/missing-reports/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a report: found or withdrawn (the filing district) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        reason: "found" | "withdrawn";
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description The closed report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MissingReport"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missing-reports/{id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen a report closed wrongly (the filing district), with the reason; audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description The open report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MissingReport"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missing-reports/{id}/matches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Unidentified people who may be the reported person, best first, with the reasons field by field */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Candidates above the threshold */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            candidates: components["schemas"]["MatchCandidate"][];
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches/{personId}/{reportId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm or reject a suggested match
         * @description A rejected pair does not come back unless one side changes materially. A confirmation identifies the person (the report’s name and home region), records identity_confirmed on the tracing case, closes the report as found and sends match_confirmed to both districts, in one transaction.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                    reportId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        decision: "confirmed" | "rejected";
                        note: string;
                        reportEtag?: string;
                        personEtag?: string;
                        overrideReason?: string;
                    };
                };
            };
            responses: {
                /** @description The pair as decided */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MatchCandidate"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/encounters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A district's encounters in a time window, newest first */
        get: {
            parameters: {
                query?: {
                    since?: string;
                    until?: string;
                    district?: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Encounter"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Record a street encounter (街面巡查) with a known or a new person
         * @description Idempotent: phones resend. GCJ-02 coordinates are stored as WGS-84. The response lists what the rules require next.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        personId?: string;
                        newPerson?: {
                            name?: string;
                            /** @default [] */
                            aliases?: string[];
                            /** @enum {string} */
                            sex: "male" | "female" | "unknown";
                            /** Format: date */
                            birthDate?: string;
                            birthYear?: number;
                            estimatedAge?: number;
                            /** Format: date */
                            estimatedAt?: string;
                            idNumber?: string;
                            heightCm?: number;
                            build?: string;
                            marks?: string;
                            clothing?: string;
                            dialect?: string;
                            homeRegion?: {
                                province?: string;
                                city?: string;
                                county?: string;
                            };
                            address?: {
                                text: string;
                                location?: {
                                    lat: number;
                                    lng: number;
                                };
                            };
                            /** @default [] */
                            riskFactors?: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
                            healthNotes?: string;
                            /** @enum {string} */
                            identityStatus?: "identified" | "unidentified";
                            /**
                             * @default on_street
                             * @enum {string}
                             */
                            status?: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
                            /** @default [] */
                            guardians?: {
                                name: string;
                                relation: string;
                                phone: string;
                            }[];
                            /** Format: date */
                            lastSurveyAt?: string;
                            district?: string;
                        };
                        district?: string;
                        /** Format: date-time */
                        occurredAt: string;
                        location: {
                            lat: number;
                            lng: number;
                            accuracyM?: number;
                            /** @enum {string} */
                            crs: "WGS84" | "GCJ02";
                            place?: string;
                        };
                        /**
                         * @default {
                         *       "health": "unknown"
                         *     }
                         */
                        condition?: {
                            /**
                             * @default unknown
                             * @enum {string}
                             */
                            health?: "well" | "unwell" | "acutely_ill" | "unknown";
                            intoxicated?: boolean;
                            dressedForWeather?: boolean;
                            limitedMobility?: boolean;
                            injuries?: string;
                            needs?: string;
                        };
                        /** @default [] */
                        actions?: ("offered_food" | "offered_water" | "offered_clothing" | "offered_bedding" | "persuaded_to_station" | "escorted_to_station" | "arrived_at_station" | "called_120" | "called_110" | "refused_help" | "left_contact")[];
                        /** @default [] */
                        referrals?: {
                            /** @enum {string} */
                            kind: "aid_station" | "medical" | "police" | "emergency_aid" | "child_protection";
                            note?: string;
                        }[];
                        /** @default [] */
                        concerns?: ("suspected_lost" | "suspected_trafficked" | "suspected_abandoned" | "suspected_mental_disorder")[];
                        campaignId?: string;
                        notes?: string;
                    };
                };
            };
            responses: {
                /** @description The encounter, the person as the caller sees them, and the next steps */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            encounter: components["schemas"]["Encounter"];
                            person: {
                                [key: string]: unknown;
                            };
                            possibleDuplicates?: unknown[];
                            aidCase?: unknown;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}/encounters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A person's encounters, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Encounter"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aid-cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Emergency aid cases (急难型临时救助) of a district, soonest due first; `overdue=true` for the late ones */
        get: {
            parameters: {
                query?: {
                    overdue?: "true" | "false";
                    status?: "open" | "paid";
                    district?: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AidCase"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aid-cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One aid case with both deadlines */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The case */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AidCase"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aid-cases/{id}/paid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record that the aid was paid (repeating the same payment is harmless) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amount: number;
                        /** Format: date-time */
                        at: string;
                    };
                };
            };
            responses: {
                /** @description The paid case */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AidCase"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Admit a person to a facility (入站): takes a bed of their sex and starts a stay
         * @description One transaction: the stay, the bed, the person (status in_care), the audit entry and an `admitted` event. For a person of unknown sex, staff name the wing in `bedSex`. Shelter staff admit to their own facility, patrol to facilities of its district.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        personId: string;
                        /** Format: uuid */
                        facilityId: string;
                        /** Format: date-time */
                        at: string;
                        /** @enum {string} */
                        via: "escorted_by_patrol" | "self_referred" | "police" | "hospital" | "transfer";
                        /** Format: uuid */
                        encounterId?: string;
                        /** @enum {string} */
                        bedSex?: "male" | "female";
                        routingOverride?: {
                            reason: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Admitted; Location names the stay */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Stay"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No bed of the sex is free (with the free beds by sex and the waitlist), the person is already in care, or the same key is in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["AdmissionConflict"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A facility’s open stays (first admitted first) or ended stays (last ended first)
         * @description Shelter staff see their own facility (the default); the office, facilities of its district.
         */
        get: {
            parameters: {
                query?: {
                    facilityId?: string;
                    status?: "open" | "ended";
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["StayRow"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stays/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One stay, with days in care, the rule-9 limit and flags (`overstay` past the limit) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The stay */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Stay"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stays/{id}/discharge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End a stay (离站) and free the bed; the person’s status follows the reason
         * @description returned_home, collected_by_family and escorted_home (staff took them: `escort` names the staff member and the address): reunited; deceased: deceased; left_without_formalities: a capable adult is on the street, recorded as giving up assistance (rule 10), a possible minor or a person with dementia, a mental disorder or an intellectual disability is missing (`missing`: flagged missing_from_care, police_report_due and an urgent left_care event, the tracing case kept open); other (say what in `note`): unknown. A transfer or placement goes through its own route. Rule 9: a person who may be under 16 (an estimate read with its tolerance), or in special difficulty, leaves only to a relative on record whose identity was checked (`relative.verification`: document kind, last 4 characters, when), escorted home, or by a transfer or placement: 422 with `rule` and a `reason` code otherwise. The same discharge sent again returns the stay; a different one for an ended stay is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        reason: "returned_home" | "collected_by_family" | "escorted_home" | "left_without_formalities" | "deceased" | "other";
                        /** Format: date-time */
                        at: string;
                        note?: string;
                        relative?: {
                            name: string;
                            relation: string;
                            verification?: {
                                /** @enum {string} */
                                document: "resident_id_card" | "household_register" | "passport" | "travel_permit" | "other_official_id";
                                last4: string;
                                /** Format: date-time */
                                checkedAt: string;
                            };
                        };
                        escort?: {
                            staff: string;
                            address: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The ended stay */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Stay"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The stay already ended differently, or is being changed. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Refused by rule 9; `errors` names the missing field. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stays/{id}/care-mode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rule 5: choose the care mode once 滞留 began: in the station (the default), or outside care with the carer and the reason
         * @description foster_family (家庭寄养) or contracted_institution (委托机构) need `carer` and `reason`. Shown on the stay and on the tracing case, audited. Before 滞留 (more than 10 days of care, as the sweep counts them) a 409 `not_stranded`; for an identified person a 409 `person_identified`. The same choice again returns the stay.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        mode: "in_station" | "foster_family" | "contracted_institution";
                        reason?: string;
                        carer?: string;
                    };
                };
            };
            responses: {
                /** @description The stay with its care mode */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Stay"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not yet 滞留, the person is identified, or the stay has ended. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stays/{id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a person to another facility at once: the stay ends here, a bed is taken there, one transaction
         * @description The freed bed goes to the head of this facility’s waitlist, if any. A full wing there is a 409 with its free beds and waitlist. Sending the same transfer again returns the new stay; a stay that ended otherwise is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        toFacilityId: string;
                        note?: string;
                        routingOverride?: {
                            reason: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The new stay at the other facility */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Stay"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No bed free there, the stay has ended, or a placement is pending. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["AdmissionConflict"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stays/{id}/extensions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Extend the rule-9 stay limit to the end of a date, with the reason (audited) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                        /** Format: date */
                        until: string;
                    };
                };
            };
            responses: {
                /** @description The stay, extended */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Stay"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/placements/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rank the facilities a person may be placed in (rule 8), with the reasons for each
         * @description The category by rule 8 (a possible minor without a guardian: child_protection; a mental disorder without relatives: psychiatric_welfare first; elderly or disabled without support: welfare_home; otherwise aid_station), the free beds of the person’s wing, the same district and the great-circle distance from where the person is now. When no candidate has a free bed, `fits` is false and `waitlist` names the best fit’s waitlist. Staff of the person’s facility, or the office.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        personId: string;
                    };
                };
            };
            responses: {
                /** @description The proposal */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlacementProposal"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/placements/proposals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One proposal: staff of the person’s facility or of a proposed one, and the office of their districts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The proposal */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlacementProposal"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/placements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A facility’s placements by status: arriving (`incoming`, the default) or leaving (`outgoing`) */
        get: {
            parameters: {
                query?: {
                    facilityId?: string;
                    status?: "pending" | "accepted" | "declined" | "withdrawn" | "expired";
                    direction?: "incoming" | "outgoing";
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Placement"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Request a placement: pending, holding a bed of the person’s wing at the receiving facility
         * @description Staff of the sending facility (the person’s open stay) or the office. One transaction: the placement, the hold, the stay marked, the audit entry and a `placement_requested` event.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        personId: string;
                        /** Format: uuid */
                        facilityId: string;
                        /** @enum {string} */
                        kind: "short_stay" | "long_term";
                        /** Format: uuid */
                        proposalId?: string;
                        routingOverride?: {
                            reason: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Pending; Location names the placement */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Placement"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No bed of the wing is free at the receiving facility (with its waitlist), the person is in no open stay, or a placement is pending. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["AdmissionConflict"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/placements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One placement (staff of either facility, the office of either district) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The placement */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Placement"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/placements/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept a placement: the person’s stay moves here (old bed freed, held bed taken) in one transaction
         * @description The receiving facility’s staff or its office. A long-term placement (落户安置) makes the person `placed`. Accepting again returns the placement.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Placement"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The placement was declined, or its stay changed. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/placements/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline a placement with the reason: the held bed frees; `nextCandidate` names the proposal’s next facility */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Declined */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Placement"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The placement was accepted, or declined otherwise. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/placements/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw a pending placement with the reason (the sending side): the held bed frees, the stay is free for another move */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Withdrawn */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Placement"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The placement was decided already. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subject's audit trail, newest first (admin) */
        get: {
            parameters: {
                query: {
                    subjectId: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AuditEntry"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/areas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The areas of a district, by name */
        get: {
            parameters: {
                query?: {
                    district?: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Area"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Define a patrol area (街道) with its GeoJSON Polygon boundary in WGS-84 (admin)
         * @description Warnings name areas by their Chinese name (unique in the district), by administrative division code (the district’s, or the 街道’s own `divisionCode`) and by <polygon>/<circle>. At most 10 rings, 2,000 positions a ring, 5,000 in all.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Client-made key (e.g. a UUID); a replay returns the first response. */
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        district: string;
                        boundary: {
                            /** @enum {string} */
                            type: "Polygon";
                            coordinates: [
                                number,
                                number
                            ][][];
                        };
                        altitudeM?: number;
                        divisionCode?: string;
                    };
                };
            };
            responses: {
                /** @description The area */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Area"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A conflicting record exists, or the same key is still in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The Idempotency-Key was used for a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/areas/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One area */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The area */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Area"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change an area’s name, boundary or altitude (admin); If-Match is honoured when sent */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        boundary?: {
                            /** @enum {string} */
                            type: "Polygon";
                            coordinates: [
                                number,
                                number
                            ][][];
                        };
                        altitudeM?: number | null;
                        divisionCode?: string | null;
                    };
                };
            };
            responses: {
                /** @description The changed area */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Area"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Another area of the district has the name, or another write is in flight. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The If-Match version is stale. */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match is required. */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/weather/warnings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive an official warning signal: CAP 1.2 XML (application/cap+xml, application/xml, text/xml) or its JSON form (admin)
         * @description Every <info> block of an Alert, Update and Cancel (with `references`) of 高温, 寒潮 and 道路结冰 sets or withdraws the official signal of each area it reaches (in the caller’s district: by <geocode> division code, <polygon>/<circle> over the boundary, or an area description containing the area’s name; `matchedBy` says which) and runs the campaign evaluation for them at once; a block whose headline says 解除 lifts the signal. `expires` is optional: a signal without it stays in force until lifted, at most the rule book’s maximum. Other hazards, tests, exercises, Acks and messages that reach none of the caller’s areas are stored and ignored. A message is received once per sender and identifier (the same again: 200 with the first result). At most 1048576 bytes; DOCTYPE and ENTITY declarations, malformed XML and missing fields are a 400 naming the field, and nothing is stored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        identifier: string;
                        sender: string;
                        /** Format: date-time */
                        sent: string;
                        /**
                         * @default Actual
                         * @enum {string}
                         */
                        status?: "Actual" | "Exercise" | "System" | "Test" | "Draft";
                        /** @enum {string} */
                        msgType: "Alert" | "Update" | "Cancel" | "Ack" | "Error";
                        /** @default [] */
                        references?: {
                            sender: string;
                            identifier: string;
                            /** Format: date-time */
                            sent: string;
                        }[];
                        language?: string;
                        event: string;
                        /** @enum {string} */
                        level?: "blue" | "yellow" | "orange" | "red";
                        headline?: string;
                        description?: string;
                        /** Format: date-time */
                        onset?: string;
                        /** Format: date-time */
                        expires?: string;
                        /** @default [] */
                        areas?: string[];
                        /** @default [] */
                        geocodes?: {
                            valueName: string;
                            value: string;
                        }[];
                        /** @default [] */
                        polygons?: [
                            number,
                            number
                        ][][];
                        /** @default [] */
                        circles?: {
                            lat: number;
                            lng: number;
                            radiusKm: number;
                        }[];
                        /** @default false */
                        lifted?: boolean;
                    };
                    "application/cap+xml": string;
                    "application/xml": string;
                    "text/xml": string;
                };
            };
            responses: {
                /** @description Received before: the first result */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WarningReceived"];
                    };
                };
                /** @description Received and applied */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WarningReceived"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Another message under this sender and identifier, or a newer warning for the same area arrived meanwhile. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the campaign evaluation now for the caller’s district (admin); the hourly sweep runs the same */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What the evaluation did, counted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            district: string;
                            result: {
                                [key: string]: number;
                            };
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Campaigns of a district by status (active by default), newest first */
        get: {
            parameters: {
                query?: {
                    status?: "active" | "ended";
                    district?: string;
                    limit?: number;
                    /** @description Opaque cursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Campaign"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Coverage report: people reached, supplies given, referrals, visits not made (JSON, or CSV with ?format=csv or Accept: text/csv) */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            campaign: components["schemas"]["Campaign"];
                            report: components["schemas"]["CampaignReport"];
                        };
                        "text/csv": string;
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A campaign and one page of its visit list (priority order) with each visit’s status
         * @description Pages are the stored chunks of the list (`visitsPerChunk` a page); `nextPage` names the next. The persons listed are audited.
         */
        get: {
            parameters: {
                query?: {
                    page?: number | null;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The campaign */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            campaign: components["schemas"]["Campaign"];
                            visits: components["schemas"]["Visit"][];
                            nextPage: number | null;
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The editable rules in force, each with its source, bounds and version: a district office sees its district’s (its overrides, then the national values), the system role the national ones */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The rules */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Rule"][];
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rule in force, the versions of the layer in force (who changed it, when) and the layer the caller changes (ETag) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The rule */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Rule"] & {
                            history: {
                                version: number;
                                updatedAt: string;
                                updatedBy: string;
                            }[];
                        };
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Replace a rule’s value: the national value (system role) or the district’s override (its office, for rules of scope `district`); If-Match with the layer’s ETag, "v0" for a layer never written
         * @description Validated by the rule’s schema and bounds (the law’s maximums may only be shortened), kept as a new version, audited; the API, the sweep and the matching function read rules with a short cache, so the change takes effect without a redeploy. A district office on a national rule is a 403 with reason `national_rule`.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        value?: unknown;
                    };
                };
            };
            responses: {
                /** @description The rule now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Rule"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such object, or not visible to the caller. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The If-Match version is stale. */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match is required. */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Encounters per day of a district (admin): counts only, for the dashboard
         * @description Days are China Standard Time dates, `since` to `until` inclusive, at most 92 days.
         */
        get: {
            parameters: {
                query: {
                    since: string;
                    until: string;
                    district?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Counts per day */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DailyActivity"];
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/monthly": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The monthly statistics report of a district (admin): JSON, CSV or XLSX
         * @description Counts for one calendar month in China Standard Time: encounters, admissions by facility type and by way in, discharges, placements accepted, emergency aid paid and paid on time, and the register by status (as of now). Reunions are the tracing cases closed by reunion in the month (`reunions.source`). `format` picks the representation.
         */
        get: {
            parameters: {
                query: {
                    month: string;
                    district?: string;
                    format?: "json" | "csv" | "xlsx";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonthlyReport"];
                        "text/csv": string;
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description A field is not valid; `errors` names each one. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid bearer token. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The role or jurisdiction does not allow this. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            errors?: {
                path: string;
                message: string;
            }[];
        };
        Facility: {
            name: string;
            /** @enum {string} */
            type: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
            district: string;
            address: string;
            location: {
                lat: number;
                lng: number;
            };
            capacity: {
                male: number;
                female: number;
            };
            phone?: string;
            id: string;
            createdAt: string;
            updatedAt: string;
            version: number;
        };
        /** @description Beds by sex as counted (`held`: reserved for arrivals) and the current residents. */
        Occupancy: {
            facilityId: string;
            district: string;
            asOf: string;
            beds: {
                male: {
                    capacity: number;
                    taken: number;
                    held: number;
                    free: number;
                };
                female: {
                    capacity: number;
                    taken: number;
                    held: number;
                    free: number;
                };
            };
            residents: {
                id: string;
                personId: string;
                facilityId: string;
                /** @enum {string} */
                bedSex: "male" | "female";
                /** @enum {string} */
                status: "open" | "ended";
                admittedAt: string;
                /** @enum {string} */
                via: "escorted_by_patrol" | "self_referred" | "police" | "hospital" | "transfer";
                daysInCare: number;
                limit: {
                    applies: boolean;
                    /** @enum {string} */
                    basis: "adult" | "may_be_under_age" | "mental_or_intellectual_disability";
                    days: number;
                    endsAt?: string;
                };
                flags: ("overstay" | "extended" | "release_to_verified_relative_only")[];
                ageReading: {
                    /** @enum {string} */
                    evidence: "birth_date" | "birth_year" | "estimate" | "none";
                    min?: number;
                    max?: number;
                    /** @enum {string} */
                    minor: "yes" | "possibly" | "no";
                    /** @enum {string} */
                    under16: "yes" | "possibly" | "no";
                };
                extendedUntil?: string;
                discharge?: {
                    /** @enum {string} */
                    reason: "returned_home" | "collected_by_family" | "escorted_home" | "transferred" | "placed" | "left_without_formalities" | "deceased" | "other";
                    at: string;
                };
                /** @enum {string} */
                careMode: "in_station" | "foster_family" | "contracted_institution";
                person?: {
                    id: string;
                    name?: string;
                    aliases: string[];
                    /** @enum {string} */
                    sex: "male" | "female" | "unknown";
                    birthDate?: string;
                    birthYear?: number;
                    estimatedAge?: number;
                    estimatedAt?: string;
                    homeRegion?: {
                        province?: string;
                        city?: string;
                        county?: string;
                    };
                    /** @enum {string} */
                    identityStatus: "identified" | "unidentified";
                    /** @enum {string} */
                    status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
                    district: string;
                    /** @enum {string} */
                    registrationSource: "family" | "survey" | "patrol";
                    riskFactors: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
                };
            }[];
            arrivals: {
                id: string;
                personId: string;
                stayId: string;
                fromFacilityId: string;
                fromDistrict: string;
                toFacilityId: string;
                toDistrict: string;
                /** @enum {string} */
                kind: "short_stay" | "long_term";
                /** @enum {string} */
                bedSex: "male" | "female";
                /** @enum {string} */
                status: "pending" | "accepted" | "declined" | "withdrawn" | "expired";
                proposalId?: string;
                requestedAt: string;
                requestedBy: string;
                expiresAt?: string;
                remindedAt?: string;
                decision?: {
                    at: string;
                    by: string;
                    reason?: string;
                    stayId?: string;
                };
                nextCandidate?: {
                    facilityId: string;
                    name: string;
                    /** @enum {string} */
                    type: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                    district: string;
                    rank: number;
                    reasons: {
                        /** @enum {string} */
                        category: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                        /** @enum {string} */
                        typeFit: "preferred" | "fallback";
                        preference: number;
                        bedFree: boolean;
                        freeBeds: number;
                        sameDistrict: boolean;
                        distanceMeters?: number;
                    };
                };
                routing?: {
                    category: string;
                    condition: string;
                    /** @enum {string} */
                    kind: "short_stay" | "long_term";
                    allowedTypes: string[];
                    tableVersion: string;
                    rulesVersion: string;
                    override?: {
                        reason: string;
                        by: string;
                        at: string;
                    };
                };
                version: number;
            }[];
            waitlist: {
                male: {
                    offered: {
                        id: string;
                        facilityId: string;
                        district: string;
                        /** @enum {string} */
                        bedSex: "male" | "female";
                        personId: string;
                        joinedAt: string;
                        joinedBy: string;
                        reason?: string;
                        /** @enum {string} */
                        status: "waiting" | "offered";
                        offer?: {
                            at: string;
                            expiresAt: string;
                        };
                    }[];
                    waiting: {
                        id: string;
                        facilityId: string;
                        district: string;
                        /** @enum {string} */
                        bedSex: "male" | "female";
                        personId: string;
                        joinedAt: string;
                        joinedBy: string;
                        reason?: string;
                        /** @enum {string} */
                        status: "waiting" | "offered";
                        offer?: {
                            at: string;
                            expiresAt: string;
                        };
                    }[];
                };
                female: {
                    offered: {
                        id: string;
                        facilityId: string;
                        district: string;
                        /** @enum {string} */
                        bedSex: "male" | "female";
                        personId: string;
                        joinedAt: string;
                        joinedBy: string;
                        reason?: string;
                        /** @enum {string} */
                        status: "waiting" | "offered";
                        offer?: {
                            at: string;
                            expiresAt: string;
                        };
                    }[];
                    waiting: {
                        id: string;
                        facilityId: string;
                        district: string;
                        /** @enum {string} */
                        bedSex: "male" | "female";
                        personId: string;
                        joinedAt: string;
                        joinedBy: string;
                        reason?: string;
                        /** @enum {string} */
                        status: "waiting" | "offered";
                        offer?: {
                            at: string;
                            expiresAt: string;
                        };
                    }[];
                };
            };
        };
        WaitlistEntry: {
            id: string;
            facilityId: string;
            district: string;
            /** @enum {string} */
            bedSex: "male" | "female";
            personId: string;
            joinedAt: string;
            joinedBy: string;
            reason?: string;
            /** @enum {string} */
            status: "waiting" | "offered";
            offer?: {
                at: string;
                expiresAt: string;
            };
        };
        Waitlist: {
            facilityId: string;
            male: {
                offered: components["schemas"]["WaitlistEntry"][];
                waiting: components["schemas"]["WaitlistEntry"][];
            };
            female: {
                offered: components["schemas"]["WaitlistEntry"][];
                waiting: components["schemas"]["WaitlistEntry"][];
            };
        };
        /** @description Fields depend on the role: tracers get no ID number, guardians or health; patrol no ID number or health notes; a person of another district (found through the ID-number lookup) shows only who they are and whom to call. */
        Person: {
            id: string;
            name?: string;
            aliases: string[];
            /** @enum {string} */
            sex: "male" | "female" | "unknown";
            birthDate?: string;
            birthYear?: number;
            estimatedAge?: number;
            estimatedAt?: string;
            heightCm?: number;
            build?: string;
            marks?: string;
            clothing?: string;
            dialect?: string;
            homeRegion?: {
                province?: string;
                city?: string;
                county?: string;
            };
            /** @enum {string} */
            identityStatus: "identified" | "unidentified";
            /** @enum {string} */
            status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
            district: string;
            /** @enum {string} */
            registrationSource: "family" | "survey" | "patrol";
            lastSeen?: {
                at: string;
                place?: string;
                lat: number;
                lng: number;
                encounterId: string;
            };
            createdAt: string;
            updatedAt: string;
            version: number;
            riskFactors: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
            guardians: {
                name: string;
                relation: string;
                phone: string;
            }[];
            concernFlag?: {
                concerns: ("suspected_lost" | "suspected_trafficked" | "suspected_abandoned" | "missing_from_care")[];
                encounterId?: string;
                stayId?: string;
                at: string;
                raisedBy: string;
            };
            nextFollowUp?: {
                dueOn: string;
                /** @enum {string} */
                reason: "resurvey" | "visit" | "after_refusal";
            };
            suspectedMentalDisorder?: {
                encounterId: string;
                at: string;
                raisedBy: string;
            };
            clinicalFinding?: {
                /** @enum {string} */
                outcome: "mental_disorder" | "no_mental_disorder";
                clinician: string;
                at: string;
                note?: string;
                recordedBy: string;
                recordedAt: string;
            };
            healthNotes?: string;
            idNumber?: string;
            lastSurveyAt?: string;
        } | {
            id: string;
            name?: string;
            aliases: string[];
            /** @enum {string} */
            sex: "male" | "female" | "unknown";
            birthDate?: string;
            birthYear?: number;
            estimatedAge?: number;
            estimatedAt?: string;
            heightCm?: number;
            build?: string;
            marks?: string;
            clothing?: string;
            dialect?: string;
            homeRegion?: {
                province?: string;
                city?: string;
                county?: string;
            };
            /** @enum {string} */
            identityStatus: "identified" | "unidentified";
            /** @enum {string} */
            status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
            district: string;
            /** @enum {string} */
            registrationSource: "family" | "survey" | "patrol";
            lastSeen?: {
                at: string;
                place?: string;
                lat: number;
                lng: number;
                encounterId: string;
            };
            createdAt: string;
            updatedAt: string;
            version: number;
            riskFactors: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
            guardians: {
                name: string;
                relation: string;
                phone: string;
            }[];
            concernFlag?: {
                concerns: ("suspected_lost" | "suspected_trafficked" | "suspected_abandoned" | "missing_from_care")[];
                encounterId?: string;
                stayId?: string;
                at: string;
                raisedBy: string;
            };
            nextFollowUp?: {
                dueOn: string;
                /** @enum {string} */
                reason: "resurvey" | "visit" | "after_refusal";
            };
        } | {
            id: string;
            name?: string;
            aliases: string[];
            /** @enum {string} */
            sex: "male" | "female" | "unknown";
            birthDate?: string;
            birthYear?: number;
            estimatedAge?: number;
            estimatedAt?: string;
            heightCm?: number;
            build?: string;
            marks?: string;
            clothing?: string;
            dialect?: string;
            homeRegion?: {
                province?: string;
                city?: string;
                county?: string;
            };
            /** @enum {string} */
            identityStatus: "identified" | "unidentified";
            /** @enum {string} */
            status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
            district: string;
            /** @enum {string} */
            registrationSource: "family" | "survey" | "patrol";
            lastSeen?: {
                at: string;
                place?: string;
                lat: number;
                lng: number;
                encounterId: string;
            };
            createdAt: string;
            updatedAt: string;
            version: number;
        } | {
            id: string;
            name?: string;
            aliases: string[];
            /** @enum {string} */
            sex: "male" | "female" | "unknown";
            birthDate?: string;
            birthYear?: number;
            estimatedAge?: number;
            estimatedAt?: string;
            /** @enum {string} */
            identityStatus: "identified" | "unidentified";
            /** @enum {string} */
            status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
            district: string;
            riskFactors: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
            guardians: {
                name: string;
                relation: string;
                phone: string;
            }[];
        };
        PersonSummary: {
            id: string;
            name?: string;
            aliases: string[];
            /** @enum {string} */
            sex: "male" | "female" | "unknown";
            birthDate?: string;
            birthYear?: number;
            estimatedAge?: number;
            estimatedAt?: string;
            homeRegion?: {
                province?: string;
                city?: string;
                county?: string;
            };
            /** @enum {string} */
            identityStatus: "identified" | "unidentified";
            /** @enum {string} */
            status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
            district: string;
            /** @enum {string} */
            registrationSource: "family" | "survey" | "patrol";
            riskFactors: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
        } | {
            id: string;
            name?: string;
            aliases: string[];
            /** @enum {string} */
            sex: "male" | "female" | "unknown";
            birthDate?: string;
            birthYear?: number;
            estimatedAge?: number;
            estimatedAt?: string;
            homeRegion?: {
                province?: string;
                city?: string;
                county?: string;
            };
            /** @enum {string} */
            identityStatus: "identified" | "unidentified";
            /** @enum {string} */
            status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
            district: string;
            /** @enum {string} */
            registrationSource: "family" | "survey" | "patrol";
        };
        /** @description PUT the file to `url` with these headers (exactly the announced size) before `expiresAt`, then complete the photo. */
        PhotoUpload: {
            /** @enum {string} */
            method: "PUT";
            url: string;
            headers: {
                [key: string]: string;
            };
            expiresAt: string;
        };
        Photo: {
            photoId: string;
            personId: string;
            /** @enum {string} */
            status: "pending" | "ready";
            /** @enum {string} */
            purpose: "portrait" | "mark" | "document" | "other";
            noticePortrait: boolean;
            /** @enum {string} */
            contentType: "image/jpeg" | "image/png";
            bytes: number;
            width?: number;
            height?: number;
            uploadedBy: string;
            createdAt: string;
            completedAt?: string;
        };
        NoticePortrait: {
            personId: string;
            photoId: string;
            chosenBy: string;
            chosenAt: string;
            rulesVersion: string;
        };
        PhotoDownload: {
            url: string;
            expiresAt: string;
        };
        /** @description A tracing case (寻亲): stage, every deadline of the case clock (due / done / overdue / waiting / void, provisional when a working-day year is not loaded) and the timeline. */
        TracingCase: {
            personId: string;
            cycle: number;
            district: string;
            facilityId: string;
            stayId: string;
            /** @enum {string} */
            status: "open" | "closed";
            /** @enum {string} */
            stage: "intake" | "stranded" | "long_term" | "missing_from_care" | "identified" | "closed";
            openedAt: string;
            identifiedAt?: string;
            closedAt?: string;
            /** @enum {string} */
            closeReason?: "reunited" | "left_care" | "deceased" | "identified_elsewhere";
            careMode: {
                /** @enum {string} */
                mode: "in_station" | "foster_family" | "contracted_institution";
                chosen: boolean;
                reason?: string;
                carer?: string;
                chosenAt?: string;
                chosenBy?: string;
            };
            deadlines: {
                /** @enum {string} */
                name: "notice" | "dna_request" | "dna_sampling" | "notice_refresh" | "stranded" | "long_term";
                /** @enum {string} */
                kind: "task" | "milestone";
                dueAt?: string;
                /** @enum {string} */
                state: "due" | "done" | "overdue" | "waiting" | "void";
                doneAt?: string;
                provisional: boolean;
                rule: string;
            }[];
            timeline: {
                id: string;
                kind: string;
                at: string;
                recordedAt: string;
                by: string;
                details?: {
                    [key: string]: string;
                };
            }[];
            rules: {
                version: string;
                source: string;
            };
            version: number;
        };
        MatchCandidate: {
            personId?: string;
            reportId?: string;
            registeredPersonId?: string;
            score: number;
            reasons: {
                /** @enum {string} */
                field: "sex" | "age" | "height" | "name" | "dialect" | "home_region" | "marks" | "clothing" | "time" | "place" | "conditions" | "other";
                /** @enum {string} */
                state: "agree" | "disagree" | "unknown";
                weight: number;
                reason: string;
                conditions?: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
            }[];
            previouslyRejected?: boolean;
            decision?: {
                /** @enum {string} */
                decision: "confirmed" | "rejected";
                note: string;
                by: string;
                at: string;
                rulesVersion?: string;
                overrideReason?: string;
            };
            proposal?: {
                /** @enum {string} */
                side: "person" | "report";
                by: string;
                at: string;
                note: string;
                overrideReason?: string;
            };
            /** @enum {string} */
            flagged?: "fresh_far";
            personEtag?: string;
            reportEtag?: string;
        };
        Reunion: {
            personId: string;
            /** @enum {string} */
            status: "reunited";
            /** @enum {string} */
            method: "family_pickup" | "escorted_home" | "self_return";
            at: string;
            stayId?: string;
            closedReportIds: string[];
        };
        TracingNotice: {
            personId: string;
            photo?: {
                url: string;
                expiresAt: string;
            };
            /** @enum {string} */
            sex: "male" | "female" | "unknown";
            apparentAge?: {
                min: number;
                max: number;
            };
            heightCm?: number;
            found: {
                at: string;
                place: string;
            };
            clothing?: string;
            station: {
                name: string;
                address: string;
                phone?: string;
            };
            issuedAt: string;
        };
        PersonExport: {
            exportedAt: string;
            exportedBy: string;
            basis: string;
            requester: string;
            person: {
                [key: string]: unknown;
            };
            encounters: {
                [key: string]: unknown;
            }[];
            stays: {
                [key: string]: unknown;
            }[];
            placements: {
                [key: string]: unknown;
            }[];
            proposals: {
                [key: string]: unknown;
            }[];
            aidCases: {
                [key: string]: unknown;
            }[];
            waitlist: {
                [key: string]: unknown;
            }[];
            tracing: {
                [key: string]: unknown;
            } | null;
            photos: {
                [key: string]: unknown;
            }[];
            noticePortrait: {
                photoId: string;
            } | null;
            matches: {
                [key: string]: unknown;
            }[];
            corrections: {
                id: string;
                personId: string;
                /** @enum {string} */
                basis: "data_subject" | "guardian" | "close_relative_deceased" | "authority" | "office";
                requester: string;
                fields: ("name" | "aliases" | "sex" | "birthDate" | "birthYear" | "idNumber" | "heightCm" | "marks" | "clothing" | "dialect" | "homeRegion" | "address" | "guardians" | "healthNotes" | "riskFactors" | "status" | "identityStatus" | "other")[];
                asked: string;
                receivedAt: string;
                receivedBy: string;
                /** @enum {string} */
                status: "open" | "accepted" | "refused";
                decision?: {
                    at: string;
                    by: string;
                    /** @enum {string} */
                    outcome: "accepted" | "refused";
                    personVersion?: number;
                    note?: string;
                    reason?: string;
                };
            }[];
            audit: {
                at: string;
                actor: string;
                role: string;
                action: string;
                reason?: string;
            }[];
        };
        Erasure: {
            personId: string;
            at: string;
            by: string;
            /** @enum {string} */
            basis: "subject_request" | "guardian_request" | "close_relative_request" | "purpose_achieved" | "retention_period";
            requester: string;
            reason: string;
            removed: {
                [key: string]: number;
            };
            auditScrubbed: number;
            photosRemoved: number;
            rulesVersion?: string;
        };
        Correction: {
            id: string;
            personId: string;
            /** @enum {string} */
            basis: "data_subject" | "guardian" | "close_relative_deceased" | "authority" | "office";
            requester: string;
            fields: ("name" | "aliases" | "sex" | "birthDate" | "birthYear" | "idNumber" | "heightCm" | "marks" | "clothing" | "dialect" | "homeRegion" | "address" | "guardians" | "healthNotes" | "riskFactors" | "status" | "identityStatus" | "other")[];
            asked: string;
            receivedAt: string;
            receivedBy: string;
            /** @enum {string} */
            status: "open" | "accepted" | "refused";
            decision?: {
                at: string;
                by: string;
                /** @enum {string} */
                outcome: "accepted" | "refused";
                personVersion?: number;
                note?: string;
                reason?: string;
            };
        };
        TracingCaseRow: {
            personId: string;
            district: string;
            facilityId: string;
            stayId: string;
            openedAt: string;
            /** @enum {string} */
            stage: "intake" | "stranded" | "long_term" | "missing_from_care" | "identified" | "closed";
            nearestDueAt?: string;
            overdue: boolean;
        };
        /** @description A missing-person report (走失人员报告) as tracers see it. */
        MissingReport: {
            id: string;
            name: string;
            aliases: string[];
            /** @enum {string} */
            sex: "male" | "female" | "unknown";
            birthDate?: string;
            birthYear?: number;
            ageAtDisappearance?: number;
            heightCm?: number;
            marks?: string;
            dialect?: string;
            homeRegion?: {
                province?: string;
                city?: string;
                county?: string;
            };
            conditions: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
            lastSeen: {
                at: string;
                place: string;
                lat?: number;
                lng?: number;
                district?: string;
            };
            clothing?: string;
            reporter: {
                name: string;
                relation: string;
                phone: string;
            };
            district: string;
            /** @enum {string} */
            status: "open" | "closed";
            closed?: {
                /** @enum {string} */
                reason: "found" | "withdrawn";
                at: string;
                by: string;
                note?: string;
                personId?: string;
            };
            createdAt: string;
            updatedAt: string;
            version: number;
        };
        MissingReportRow: {
            id: string;
            name: string;
            sex: string;
            birthYear?: number;
            birthDate?: string;
            ageAtDisappearance?: number;
            district: string;
            /** @enum {string} */
            status: "open" | "closed";
            createdAt: string;
            lastSeen: {
                at: string;
                place: string;
                district?: string;
            };
        };
        MissingReportForReview: {
            id: string;
            name: string;
            aliases: string[];
            /** @enum {string} */
            sex: "male" | "female" | "unknown";
            birthDate?: string;
            birthYear?: number;
            ageAtDisappearance?: number;
            heightCm?: number;
            marks?: string;
            dialect?: string;
            homeRegion?: {
                province?: string;
                city?: string;
                county?: string;
            };
            lastSeen: {
                at: string;
                place: string;
                lat?: number;
                lng?: number;
                district?: string;
            };
            clothing?: string;
            district: string;
            /** @enum {string} */
            status: "open" | "closed";
            createdAt: string;
            updatedAt: string;
            version: number;
            /** @enum {boolean} */
            review: true;
        };
        Encounter: {
            id: string;
            personId: string;
            district: string;
            occurredAt: string;
            recordedAt: string;
            recordedBy: string;
            location: {
                lat: number;
                lng: number;
                accuracyM?: number;
                place?: string;
                /** @enum {string} */
                reportedCrs: "WGS84" | "GCJ02";
            };
            condition: {
                /** @enum {string} */
                health: "well" | "unwell" | "acutely_ill" | "unknown";
                intoxicated?: boolean;
                dressedForWeather?: boolean;
                limitedMobility?: boolean;
                injuries?: string;
                needs?: string;
            };
            actions: ("offered_food" | "offered_water" | "offered_clothing" | "offered_bedding" | "persuaded_to_station" | "escorted_to_station" | "arrived_at_station" | "called_120" | "called_110" | "refused_help" | "left_contact")[];
            referrals: {
                /** @enum {string} */
                kind: "aid_station" | "medical" | "police" | "emergency_aid" | "child_protection";
                note?: string;
            }[];
            concerns: ("suspected_lost" | "suspected_trafficked" | "suspected_abandoned" | "suspected_mental_disorder")[];
            campaignId?: string;
            notes?: string;
            nextSteps: {
                code: string;
                rule: string;
                done: boolean;
                completedBy?: string;
                reason: string;
                dueAt?: string;
                /** @enum {string} */
                binding?: "working_days" | "calendar_days";
            }[];
            aidCaseId?: string;
        } | {
            id: string;
            personId: string;
            district: string;
            occurredAt: string;
            location: {
                lat: number;
                lng: number;
                place?: string;
            };
        };
        AidCase: {
            id: string;
            personId: string;
            encounterId: string;
            district: string;
            discoveredAt: string;
            due: {
                workingDays: {
                    dueAt: string;
                    provisional: boolean;
                };
                calendarDays: {
                    dueAt: string;
                    provisional: boolean;
                };
            };
            dueAt: string;
            /** @enum {string} */
            binding: "working_days" | "calendar_days";
            provisional: boolean;
            overdue: boolean;
            /** @enum {string} */
            status: "open" | "paid";
            payment?: {
                amount: number;
                at: string;
                paidBy: string;
            };
            rules: {
                version: string;
                source: string;
            };
            createdAt: string;
            version: number;
        };
        /** @description A stay with the person’s summary, days in care, the rule-9 limit (`limit.endsAt` when it applies) and flags. */
        Stay: {
            id: string;
            personId: string;
            facilityId: string;
            district: string;
            /** @enum {string} */
            bedSex: "male" | "female";
            /** @enum {string} */
            status: "open" | "ended";
            admittedAt: string;
            /** @enum {string} */
            via: "escorted_by_patrol" | "self_referred" | "police" | "hospital" | "transfer";
            encounterId?: string;
            admittedBy: string;
            recordedAt: string;
            daysInCare: number;
            limit: {
                applies: boolean;
                /** @enum {string} */
                basis: "adult" | "may_be_under_age" | "mental_or_intellectual_disability";
                days: number;
                endsAt?: string;
            };
            flags: ("overstay" | "extended" | "release_to_verified_relative_only")[];
            ageReading: {
                /** @enum {string} */
                evidence: "birth_date" | "birth_year" | "estimate" | "none";
                min?: number;
                max?: number;
                /** @enum {string} */
                minor: "yes" | "possibly" | "no";
                /** @enum {string} */
                under16: "yes" | "possibly" | "no";
            };
            extensions: {
                reason: string;
                until: string;
                recordedAt: string;
                recordedBy: string;
            }[];
            discharge?: {
                /** @enum {string} */
                reason: "returned_home" | "collected_by_family" | "escorted_home" | "transferred" | "placed" | "left_without_formalities" | "deceased" | "other";
                at: string;
                note?: string;
                relative?: {
                    name: string;
                    relation: string;
                    verification?: {
                        /** @enum {string} */
                        document: "resident_id_card" | "household_register" | "passport" | "travel_permit" | "other_official_id";
                        last4: string;
                        checkedAt: string;
                        checkedBy: string;
                    };
                };
                escort?: {
                    staff: string;
                    address: string;
                };
                missing?: boolean;
                rulesVersion?: string;
                /** @enum {string} */
                personStatus: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
                gaveUpAssistance: boolean;
                movedTo?: {
                    stayId: string;
                    facilityId: string;
                };
                recordedAt: string;
                recordedBy: string;
            };
            careSince?: string;
            routing?: {
                category: string;
                condition: string;
                /** @enum {string} */
                kind: "short_stay" | "long_term";
                allowedTypes: string[];
                tableVersion: string;
                rulesVersion: string;
                override?: {
                    reason: string;
                    by: string;
                    at: string;
                };
            };
            careMode: {
                /** @enum {string} */
                mode: "in_station" | "foster_family" | "contracted_institution";
                chosen: boolean;
                reason?: string;
                carer?: string;
                chosenAt?: string;
                chosenBy?: string;
            };
            person?: {
                id: string;
                name?: string;
                aliases: string[];
                /** @enum {string} */
                sex: "male" | "female" | "unknown";
                birthDate?: string;
                birthYear?: number;
                estimatedAge?: number;
                estimatedAt?: string;
                homeRegion?: {
                    province?: string;
                    city?: string;
                    county?: string;
                };
                /** @enum {string} */
                identityStatus: "identified" | "unidentified";
                /** @enum {string} */
                status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
                district: string;
                /** @enum {string} */
                registrationSource: "family" | "survey" | "patrol";
                riskFactors: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
            };
            version: number;
        };
        AdmissionConflict: components["schemas"]["Problem"] & {
            facilityId?: string;
            /** @enum {string} */
            bedSex?: "male" | "female";
            freeBeds?: {
                male: number;
                female: number;
            };
            /** @description Where to join the facility’s waitlist. */
            waitlist?: string;
        };
        StayRow: {
            id: string;
            personId: string;
            facilityId: string;
            /** @enum {string} */
            bedSex: "male" | "female";
            /** @enum {string} */
            status: "open" | "ended";
            admittedAt: string;
            /** @enum {string} */
            via: "escorted_by_patrol" | "self_referred" | "police" | "hospital" | "transfer";
            daysInCare: number;
            limit: {
                applies: boolean;
                /** @enum {string} */
                basis: "adult" | "may_be_under_age" | "mental_or_intellectual_disability";
                days: number;
                endsAt?: string;
            };
            flags: ("overstay" | "extended" | "release_to_verified_relative_only")[];
            ageReading: {
                /** @enum {string} */
                evidence: "birth_date" | "birth_year" | "estimate" | "none";
                min?: number;
                max?: number;
                /** @enum {string} */
                minor: "yes" | "possibly" | "no";
                /** @enum {string} */
                under16: "yes" | "possibly" | "no";
            };
            extendedUntil?: string;
            discharge?: {
                /** @enum {string} */
                reason: "returned_home" | "collected_by_family" | "escorted_home" | "transferred" | "placed" | "left_without_formalities" | "deceased" | "other";
                at: string;
            };
            /** @enum {string} */
            careMode: "in_station" | "foster_family" | "contracted_institution";
            person?: {
                id: string;
                name?: string;
                aliases: string[];
                /** @enum {string} */
                sex: "male" | "female" | "unknown";
                birthDate?: string;
                birthYear?: number;
                estimatedAge?: number;
                estimatedAt?: string;
                homeRegion?: {
                    province?: string;
                    city?: string;
                    county?: string;
                };
                /** @enum {string} */
                identityStatus: "identified" | "unidentified";
                /** @enum {string} */
                status: "on_street" | "in_care" | "placed" | "reunited" | "deceased" | "unknown";
                district: string;
                /** @enum {string} */
                registrationSource: "family" | "survey" | "patrol";
                riskFactors: ("mental_disorder" | "intellectual_disability" | "physical_disability" | "dementia" | "minor_in_difficulty" | "elderly_alone" | "repeat_rough_sleeper")[];
            };
        };
        /** @description Facilities ranked for a person by rule 8: a bed free first, then the category’s order of types, the same district, the distance. */
        PlacementProposal: {
            id: string;
            personId: string;
            stayId?: string;
            district: string;
            fromFacilityId?: string;
            /** @enum {string} */
            stage: "requested" | "stranded" | "long_term";
            /** @enum {string} */
            kind: "short_stay" | "long_term";
            /** @enum {string} */
            bedSex?: "male" | "female";
            routing: {
                /** @enum {string} */
                category: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                condition: string;
                reason: string;
                tableVersion: string;
            };
            candidates: {
                facilityId: string;
                name: string;
                /** @enum {string} */
                type: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                district: string;
                rank: number;
                reasons: {
                    /** @enum {string} */
                    category: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                    /** @enum {string} */
                    typeFit: "preferred" | "fallback";
                    preference: number;
                    bedFree: boolean;
                    freeBeds: number;
                    sameDistrict: boolean;
                    distanceMeters?: number;
                };
            }[];
            fits: boolean;
            waitlist?: {
                facilityId: string;
                href: string;
            };
            createdAt: string;
            createdBy: string;
        };
        Placement: {
            id: string;
            personId: string;
            stayId: string;
            fromFacilityId: string;
            fromDistrict: string;
            toFacilityId: string;
            toDistrict: string;
            /** @enum {string} */
            kind: "short_stay" | "long_term";
            /** @enum {string} */
            bedSex: "male" | "female";
            /** @enum {string} */
            status: "pending" | "accepted" | "declined" | "withdrawn" | "expired";
            proposalId?: string;
            requestedAt: string;
            requestedBy: string;
            expiresAt?: string;
            remindedAt?: string;
            decision?: {
                at: string;
                by: string;
                reason?: string;
                stayId?: string;
            };
            nextCandidate?: {
                facilityId: string;
                name: string;
                /** @enum {string} */
                type: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                district: string;
                rank: number;
                reasons: {
                    /** @enum {string} */
                    category: "aid_station" | "child_protection" | "welfare_home" | "psychiatric_welfare";
                    /** @enum {string} */
                    typeFit: "preferred" | "fallback";
                    preference: number;
                    bedFree: boolean;
                    freeBeds: number;
                    sameDistrict: boolean;
                    distanceMeters?: number;
                };
            };
            routing?: {
                category: string;
                condition: string;
                /** @enum {string} */
                kind: "short_stay" | "long_term";
                allowedTypes: string[];
                tableVersion: string;
                rulesVersion: string;
                override?: {
                    reason: string;
                    by: string;
                    at: string;
                };
            };
            version: number;
        };
        AuditEntry: {
            id: string;
            at: string;
            actor: string;
            role: string;
            action: string;
            subjectType: string;
            subjectId: string;
            requestId: string;
            reason?: string;
        };
        Area: {
            id: string;
            name: string;
            district: string;
            boundary: {
                /** @enum {string} */
                type: "Polygon";
                coordinates: [
                    number,
                    number
                ][][];
            };
            altitudeM?: number;
            divisionCode?: string;
            centroid: {
                lat: number;
                lng: number;
            };
            bbox: [
                number,
                number,
                number,
                number
            ];
            createdAt: string;
            updatedAt: string;
            version: number;
        };
        WarningReceived: {
            id: string;
            receivedAt: string;
            identifier: string;
            sender: string;
            sent: string;
            /** @enum {string} */
            msgType: "Alert" | "Update" | "Cancel" | "Ack" | "Error";
            status: string;
            event: string;
            hazard: string | null;
            level?: string;
            onset?: string;
            expires?: string;
            applied: {
                areaId: string;
                areaName: string;
                district: string;
                hazard: string;
                level?: string;
                /** @enum {string} */
                status: "active" | "cancelled";
                matchedBy?: ("geocode" | "polygon" | "circle" | "name")[];
            }[];
            unmatchedAreas: string[];
            ignored?: string;
            campaigns?: {
                [key: string]: number;
            };
        };
        Campaign: {
            id: string;
            areaId: string;
            areaName: string;
            district: string;
            /** @enum {string} */
            hazard: "heat" | "cold_wave" | "road_icing";
            /** @enum {string} */
            kind: "heat" | "cold";
            /** @enum {string} */
            level: "blue" | "yellow" | "orange" | "red";
            /** @enum {string} */
            status: "active" | "ended";
            startedAt: string;
            endedAt?: string;
            trigger: {
                /** @enum {string} */
                kind: "official";
                warningId: string;
            } | {
                /** @enum {string} */
                kind: "computed";
                rule: {
                    name: string;
                    version: string;
                    detail: string;
                };
            };
            escalations: {
                at: string;
                /** @enum {string} */
                from: "blue" | "yellow" | "orange" | "red";
                /** @enum {string} */
                to: "blue" | "yellow" | "orange" | "red";
            }[];
            quietSince?: string;
            patrolsPerDay: number;
            visits: {
                persons: number;
                spots: number;
                chunks: number;
                built: boolean;
            };
            version: number;
        };
        CampaignReport: {
            targets: number;
            reached: number;
            peopleReached: number;
            supplies: {
                [key: string]: number;
            };
            referrals: {
                [key: string]: number;
            };
            escorted: number;
            notFound: {
                /** @enum {string} */
                kind: "person" | "spot";
                id: string;
                rank: number;
            }[];
        };
        Visit: {
            rank: number;
            /** @enum {string} */
            kind: "person" | "spot";
            id: string;
            name?: string;
            lat: number;
            lng: number;
            lastSeenAt: string;
            priority: ("minor" | "elderly" | "ill" | "disabled")[];
            outdoors: boolean;
            /** @enum {string} */
            placedBy?: "last_seen" | "address";
            people?: string[];
            reached: boolean;
            reachedAt?: string;
            encounterId?: string;
        };
        Rule: {
            name: string;
            value?: unknown;
            /** @description Version of the value in force (0: the default of rules.ts). */
            version: number;
            source: string;
            /** @description Which bounds apply to the value, and why. */
            bounds: string;
            /**
             * @description `national`: one value for the country, changed by the system role; `district`: a district office may override it for its district.
             * @enum {string}
             */
            scope: "national" | "district";
            /**
             * @description Where the value in force comes from: the district’s override is read first, then the national value, then the default.
             * @enum {string}
             */
            origin: "default" | "national" | "district";
            district?: string;
            isDefault: boolean;
            updatedAt?: string;
            updatedBy?: string;
            /** @description The layer the caller’s PUT writes (the national value for the system role, the district’s override for its office) and its version, the ETag. */
            layer: {
                district?: string;
                version: number;
            };
        };
        DailyActivity: {
            district: string;
            since: string;
            until: string;
            days: {
                date: string;
                encounters: number;
            }[];
        };
        MonthlyReport: {
            month: string;
            district: string;
            window: {
                since: string;
                until: string;
            };
            generatedAt: string;
            encounters: {
                total: number;
                personsMet: number;
                escortedToStation: number;
                refusedHelp: number;
            };
            admissions: {
                total: number;
                byFacilityType: {
                    [key: string]: number;
                };
                byVia: {
                    [key: string]: number;
                };
                byBedSex: {
                    [key: string]: number;
                };
            };
            discharges: {
                total: number;
                byReason: {
                    [key: string]: number;
                };
            };
            placements: {
                accepted: number;
                byKind: {
                    [key: string]: number;
                };
            };
            emergencyAid: {
                paid: number;
                paidOnTime: number;
                amountYuan: number;
                openOverdueNow: number;
            };
            reunions: {
                total: number;
                dischargedToFamily: number;
                /** @enum {string} */
                source: "tracing_cases";
            };
            register: {
                total: number;
                byStatus: {
                    [key: string]: number;
                };
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
