/*
 * The pipe protocol between dumpstack (the host, running the dump port and the controller model) and its native
 * miniport worker (dumpstack native-worker, running the vendor's C miniport on the shim). The host mirrors C#
 * structures of the same layout in Host/Native/NativeProtocol.cs; NativeSdkLayoutTests does not cover these, the
 * protocol version does: both sides refuse a peer of another version.
 *
 * Every message is a header {kind, length} and `length` payload bytes. Control strictly alternates: the host sends a
 * call, the worker answers with callbacks (each answered by the host) and finally a return. Memory the controller
 * model reads or writes by DMA (uncached extension, sense buffers, SRB extensions, the dump region, mapped request
 * data) lives in a shared arena both processes map; the host copies its DMA buffers into the arena before every
 * message it sends and back after every message it receives, so each side sees the other's writes at every handover.
 */
#ifndef DUMPFW_PROTOCOL_H
#define DUMPFW_PROTOCOL_H

#include <stdint.h>

#define DUMPFW_PROTOCOL_VERSION 1
#define DUMPFW_MAX_SEGMENTS 512
#define DUMPFW_MAX_ACCESS_RANGES 6
#define DUMPFW_MAX_TEXT 512

enum dumpfw_kind {
    /* host -> worker: calls */
    DUMPFW_CALL_LOAD = 1,          /* dumpfw_load_call -> dumpfw_load_return */
    DUMPFW_CALL_FIND_ADAPTER = 2,  /* dumpfw_find_adapter_call -> dumpfw_find_adapter_return */
    DUMPFW_CALL_INITIALIZE = 3,    /* dumpfw_region (the dump region, length 0 for none) -> dumpfw_bool_return */
    DUMPFW_CALL_BUILD_IO = 4,      /* dumpfw_request -> dumpfw_request_return */
    DUMPFW_CALL_START_IO = 5,      /* dumpfw_request -> dumpfw_request_return */
    DUMPFW_CALL_INTERRUPT = 6,     /* nothing -> dumpfw_bool_return */
    DUMPFW_CALL_RESET_BUS = 7,     /* uint32 path -> dumpfw_bool_return */
    DUMPFW_CALL_ADAPTER_CONTROL = 8, /* dumpfw_adapter_control -> dumpfw_adapter_control */
    DUMPFW_CALL_QUIT = 9,
    /* worker -> host: the end of a call */
    DUMPFW_RETURN = 32,
    /* worker -> host: callbacks, each answered by DUMPFW_CALLBACK_REPLY */
    DUMPFW_CB_READ_REGISTER = 64,   /* dumpfw_register_access -> uint32 value */
    DUMPFW_CB_WRITE_REGISTER = 65,  /* dumpfw_register_access -> nothing */
    DUMPFW_CB_STALL = 66,           /* uint32 microseconds -> nothing */
    DUMPFW_CB_NOTIFY = 67,          /* dumpfw_notify -> nothing */
    DUMPFW_CB_LOG_ERROR = 68,       /* dumpfw_log_error -> nothing */
    DUMPFW_CB_BUS_DATA = 69,        /* dumpfw_bus_data -> uint32 count + bytes */
    DUMPFW_CB_LOG = 70,             /* dumpfw_log -> nothing: a debug print, a refused or unsupported call */
    DUMPFW_CB_UNCACHED_EXTENSION = 71, /* dumpfw_uncached_extension -> dumpfw_region (length 0: refused) */
    DUMPFW_CALLBACK_REPLY = 96
};

enum dumpfw_log_level { DUMPFW_LOG_DEBUG = 0, DUMPFW_LOG_INFO = 1, DUMPFW_LOG_WARNING = 2, DUMPFW_LOG_REFUSED = 3 };

typedef struct dumpfw_header {
    uint32_t kind;
    uint32_t length;
} dumpfw_header;

typedef struct dumpfw_segment {
    uint64_t physical;
    uint32_t length;
    uint32_t reserved;
} dumpfw_segment;

typedef struct dumpfw_region {
    uint64_t arena_offset; /* where the bytes are in the shared arena */
    uint64_t physical;     /* the bus address the controller model uses */
    uint32_t length;
    uint32_t reserved;
} dumpfw_region;

typedef struct dumpfw_load_call {
    uint32_t version;
    uint32_t links;        /* 1 scsiport, 2 storport */
    uint64_t arena_length;
    char library[1024];
    char arena_path[256];
} dumpfw_load_call;

typedef struct dumpfw_load_return {
    uint32_t status;       /* 0 loaded; otherwise text says why */
    uint32_t initialize_status; /* what DriverEntry returned */
    uint32_t number_of_access_ranges;
    uint32_t srb_extension_size;
    uint32_t device_extension_size;
    uint8_t map_buffers;
    uint8_t need_physical_addresses;
    uint8_t tagged_queuing;
    uint8_t auto_request_sense;
    uint8_t multiple_request_per_lu;
    uint8_t has_build_io;
    uint8_t has_adapter_control;
    uint8_t reserved;
    char text[DUMPFW_MAX_TEXT];
} dumpfw_load_return;

typedef struct dumpfw_access_range {
    uint64_t start;
    uint32_t length;
    uint8_t in_memory;
    uint8_t reserved[3];
} dumpfw_access_range;

typedef struct dumpfw_find_adapter_call {
    uint32_t system_io_bus_number;
    uint32_t slot_number;
    uint32_t access_range_count;
    uint8_t dump_mode;
    uint8_t reserved[3];
    dumpfw_access_range ranges[DUMPFW_MAX_ACCESS_RANGES];
    uint64_t miniport_dump_data_offset; /* in the arena; length 0 for none */
    uint32_t miniport_dump_data_length;
    uint32_t reserved2;
    char argument_string[128];
} dumpfw_find_adapter_call;

typedef struct dumpfw_find_adapter_return {
    uint32_t result;                 /* SP_RETURN_* */
    uint32_t maximum_transfer_length;
    uint32_t number_of_physical_breaks;
    uint32_t alignment_mask;
    uint32_t requested_dump_buffer_size;
    uint8_t number_of_buses;
    uint8_t maximum_number_of_targets;
    uint8_t initiator_bus_id;
    uint8_t scatter_gather;
    uint8_t master;
    uint8_t dma64_bit_addresses;
    uint8_t again;
    uint8_t reserved;
} dumpfw_find_adapter_return;

typedef struct dumpfw_request {
    uint32_t slot;          /* which of the worker's SRBs (the host has one per request object) */
    uint8_t function;
    uint8_t srb_status;
    uint8_t scsi_status;
    uint8_t path_id;
    uint8_t target_id;
    uint8_t lun;
    uint8_t queue_tag;
    uint8_t queue_action;
    uint8_t cdb_length;
    uint8_t sense_info_buffer_length;
    uint8_t data_mapped;    /* the data is in the arena at data_offset (MapBuffers) */
    uint8_t reserved;
    uint32_t srb_flags;
    uint32_t data_transfer_length;
    uint32_t time_out_value;
    uint32_t queue_sort_key;
    uint32_t internal_status;
    uint32_t segment_count;
    uint64_t data_offset;   /* arena offset of the mapped data */
    uint64_t sense_offset;  /* arena offset of the sense buffer; UINT64_MAX for none */
    uint64_t extension_offset; /* arena offset of the SRB extension; UINT64_MAX for none */
    uint64_t sense_physical;
    uint64_t extension_physical;
    uint32_t extension_length;
    uint32_t reserved2;
    uint8_t cdb[16];
    dumpfw_segment segments[DUMPFW_MAX_SEGMENTS]; /* the data's scatter/gather list, in order */
} dumpfw_request;

/* What the host needs back from a request: the fields a miniport writes. */
typedef struct dumpfw_request_result {
    uint32_t slot;
    uint8_t srb_status;
    uint8_t scsi_status;
    uint8_t sense_info_buffer_length;
    uint8_t data_written; /* the miniport was given the data's address to write (copy it back on data-in) */
    uint32_t data_transfer_length;
    uint32_t internal_status;
} dumpfw_request_result;

typedef struct dumpfw_request_return {
    uint32_t value;         /* the routine's BOOLEAN */
    uint32_t reserved;
    dumpfw_request_result result;
} dumpfw_request_return;

typedef struct dumpfw_bool_return {
    uint32_t value;
} dumpfw_bool_return;

typedef struct dumpfw_adapter_control {
    uint32_t control_type;
    uint32_t status;        /* return: SCSI_ADAPTER_CONTROL_STATUS */
    uint32_t max_control_type;
    uint8_t supported[64];
} dumpfw_adapter_control;

typedef struct dumpfw_register_access {
    uint32_t window;        /* index of the access range */
    uint32_t offset;
    uint32_t width;         /* 1, 2 or 4 */
    uint32_t value;
} dumpfw_register_access;

typedef struct dumpfw_notify {
    uint32_t type;          /* SCSI_NOTIFICATION_TYPE */
    uint32_t has_request;
    dumpfw_request_result result; /* RequestComplete: the completed request */
} dumpfw_notify;

typedef struct dumpfw_log_error {
    uint32_t error_code;
    uint32_t unique_id;
    int32_t slot;           /* -1: no SRB */
    uint8_t path_id;
    uint8_t target_id;
    uint8_t lun;
    uint8_t reserved;
} dumpfw_log_error;

typedef struct dumpfw_bus_data {
    uint32_t bus_data_type;
    uint32_t system_io_bus_number;
    uint32_t slot_number;
    uint32_t offset;
    uint32_t length;
    uint32_t reserved;
} dumpfw_bus_data;

typedef struct dumpfw_uncached_extension {
    uint32_t length;
    uint32_t dma64;
} dumpfw_uncached_extension;

typedef struct dumpfw_log {
    uint32_t level;
    uint32_t reserved;
    char text[DUMPFW_MAX_TEXT];
} dumpfw_log;

#endif /* DUMPFW_PROTOCOL_H */
