/*
 * The shim's core, shared by its ScsiPort and Storport faces (shim_scsiport.c, shim_storport.c). The core is compiled
 * against storport.h, whose PORT_CONFIGURATION_INFORMATION is the longer form; a ScsiPort miniport is handed the same
 * structure with Length set to the ScsiPort size, so it only ever sees the prefix both forms share.
 */
#ifndef DUMPFW_SHIM_INTERNAL_H
#define DUMPFW_SHIM_INTERNAL_H

#include <stdint.h>
#include <stdarg.h>
#include "dumpfw_protocol.h"

#define DUMPFW_LINKS_SCSIPORT 1u
#define DUMPFW_LINKS_STORPORT 2u
#define DUMPFW_SLOTS 4
#define DUMPFW_EXPORT __attribute__((visibility("default")))

/* What the miniport registered through ScsiPortInitialize / StorPortInitialize, independent of the layout. */
typedef struct dumpfw_registration {
    int registered;
    uint32_t links;
    void *initialize;
    void *start_io;
    void *build_io;
    void *interrupt;
    void *find_adapter;
    void *reset_bus;
    void *adapter_control;
    uint32_t device_extension_size;
    uint32_t specific_lu_extension_size;
    uint32_t srb_extension_size;
    uint32_t number_of_access_ranges;
    uint8_t map_buffers;
    uint8_t need_physical_addresses;
    uint8_t tagged_queuing;
    uint8_t auto_request_sense;
    uint8_t multiple_request_per_lu;
} dumpfw_registration;

extern dumpfw_registration dumpfw_registered;

/* Records a registration; returns the NTSTATUS-style value the Initialize routine returns. */
uint32_t dumpfw_register(const dumpfw_registration *registration, const char *routine);

/* Logs through the host's dump log (level: DUMPFW_LOG_*). */
void dumpfw_log_text(uint32_t level, const char *format, ...) __attribute__((format(printf, 2, 3)));
void dumpfw_log_va(uint32_t level, const char *prefix, const char *format, va_list arguments);

/* A routine the dump port refuses or does not provide: logged with its name and why. */
void dumpfw_refuse(const char *routine, const char *why);

/* Register and port access through a mapped device base. */
uint32_t dumpfw_read(const char *routine, const volatile void *address, uint32_t width);
void dumpfw_write(const char *routine, volatile void *address, uint32_t width, uint32_t value);
void dumpfw_read_buffer(const char *routine, const volatile void *address, void *buffer, uint32_t count, uint32_t width, int advance);
void dumpfw_write_buffer(const char *routine, volatile void *address, const void *buffer, uint32_t count, uint32_t width, int advance);

void *dumpfw_device_base(const char *routine, uint64_t address, uint32_t length, int in_io_space);
void dumpfw_free_device_base(const char *routine, void *mapped);
int dumpfw_validate_range(uint64_t address, uint32_t length, int in_io_space);

void dumpfw_stall(uint32_t microseconds);
uint32_t dumpfw_get_bus_data(const char *routine, uint32_t type, uint32_t bus, uint32_t slot, void *buffer, uint32_t offset, uint32_t length, int write);
void *dumpfw_get_uncached_extension(const char *routine, void *configuration, uint32_t length);
uint64_t dumpfw_physical_address(const char *routine, void *srb, void *virtual_address, uint32_t *length);
void *dumpfw_virtual_address(uint64_t physical);
void dumpfw_notification(const char *routine, uint32_t type, va_list arguments);
void dumpfw_report_error(void *srb, uint8_t path, uint8_t target, uint8_t lun, uint32_t error_code, uint32_t unique_id);
void dumpfw_complete_request(const char *routine, uint8_t path, uint8_t target, uint8_t lun, uint8_t status);
void *dumpfw_get_srb(uint8_t path, uint8_t target, uint8_t lun);
void *dumpfw_logical_unit(uint8_t path, uint8_t target, uint8_t lun);
void dumpfw_query_time(int64_t *time);
void dumpfw_debug_print(uint32_t level, const char *format, va_list arguments);

/* Storport's scatter/gather list of a request (NULL when it has no data). */
void *dumpfw_scatter_gather_list(void *srb);
/* The request's data as a system address; marks it written so that the host copies data-in back. */
void *dumpfw_system_address(void *srb);

#endif /* DUMPFW_SHIM_INTERNAL_H */
