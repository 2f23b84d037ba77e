/*
 * piix: a polled ScsiPort miniport for the primary channel of an Intel PIIX IDE function, written in C against the
 * DumpFramework SDK as a WDK source would be. Windows' atapi.sys was such a SCSI miniport before ataport: the port
 * hands it SRBs and it turns each CDB into an ATA taskfile itself (the SCSI/ATA translation a SAT layer does),
 * answering INQUIRY and READ CAPACITY from IDENTIFY DEVICE and moving data with PIIX bus-master DMA through a PRD
 * table. One request at a time, no interrupts: the port polls HwInterrupt, which reads the Alternate Status register
 * (it does not clear INTRQ) until the device drops BSY and DRQ.
 *
 * Register windows, in the PCI BAR order the port gives them: [0] command block (data, error/features, sector count,
 * LBA low/mid/high, device, status/command), [1] control block (alternate status / device control), [2] bus master
 * (command, status, PRD table address).
 *
 * VENDOR: the places marked VENDOR are where another ATA controller's code differs.
 */
#include <miniport.h>
#include <srb.h>
#include <scsi.h>

/* VENDOR: the PCI identity: Intel, class 01 (mass storage) subclass 01 (IDE). */
#define PIIX_VENDOR_ID 0x8086
#define PCI_CLASS_MASS_STORAGE 0x01
#define PCI_SUBCLASS_IDE 0x01

/* Command block registers (offsets in window 0). */
#define ATA_DATA 0
#define ATA_ERROR 1 /* read */
#define ATA_FEATURES 1 /* write */
#define ATA_SECTOR_COUNT 2
#define ATA_LBA_LOW 3
#define ATA_LBA_MID 4
#define ATA_LBA_HIGH 5
#define ATA_DEVICE 6
#define ATA_STATUS 7 /* read: clears the device's interrupt */
#define ATA_COMMAND 7 /* write */

/* Control block: Alternate Status when read, Device Control when written. */
#define ATA_CONTROL 0
#define CONTROL_NIEN 0x02 /* no interrupts: this miniport polls */
#define CONTROL_SRST 0x04

/* Bus-master registers (window 2). */
#define BM_COMMAND 0
#define BM_STATUS 2
#define BM_PRD_TABLE 4
#define BM_COMMAND_START 0x01
#define BM_COMMAND_WRITES_MEMORY 0x08 /* a read from the disk: the bus master writes memory */
#define BM_STATUS_ACTIVE 0x01
#define BM_STATUS_ERROR 0x02
#define BM_STATUS_INTERRUPT 0x04

#define STATUS_ERR 0x01
#define STATUS_DRQ 0x08
#define STATUS_DF 0x20
#define STATUS_DRDY 0x40
#define STATUS_BSY 0x80

#define ERROR_ABRT 0x04
#define ERROR_IDNF 0x10
#define ERROR_UNC 0x40

#define ATA_READ_DMA 0xC8
#define ATA_READ_DMA_EXT 0x25
#define ATA_WRITE_DMA 0xCA
#define ATA_WRITE_DMA_EXT 0x35
#define ATA_FLUSH_CACHE 0xE7
#define ATA_FLUSH_CACHE_EXT 0xEA
#define ATA_IDENTIFY_DEVICE 0xEC
#define ATA_SET_FEATURES 0xEF
#define FEATURE_TRANSFER_MODE 0x03

#define DEVICE_LBA 0x40

/* Transfer limits: 128 KiB a command; a PRD entry moves at most 64 KiB and never crosses a 64 KiB boundary. */
#define MAXIMUM_TRANSFER_BYTES (128u * 1024u)
#define PRD_ENTRIES 128u
#define PRD_BYTES (PRD_ENTRIES * 8u)
#define PRD_END_OF_TABLE 0x80000000u
#define UNCACHED_BYTES (2u * PRD_BYTES + 8u)

/* Timeouts, counted in stall time as the dump environment has no clock interrupts. */
#define POLL_US 10u
#define RESET_TIMEOUT_US 31000000u /* ATA: a device may take 31 s to leave BSY after a reset */
#define COMMAND_TIMEOUT_US 5000000u

#define LBA28_LIMIT 0x0FFFFFFFull

typedef struct _PIIX_DEVICE {
    BOOLEAN Present;
    BOOLEAN Lba48;
    ULONG SectorSize;
    ULONG LogicalPerPhysicalExponent;
    ULONGLONG Sectors;
    USHORT Identify[256];
} PIIX_DEVICE;

typedef struct _PIIX_WINDOW {
    PUCHAR Base;
    BOOLEAN InIoSpace;
} PIIX_WINDOW;

typedef struct _PIIX_EXTENSION {
    PIIX_WINDOW Command;
    PIIX_WINDOW Control;
    PIIX_WINDOW BusMaster;
    PULONG Prd;                 /* the PRD table in the uncached extension: dword aligned, inside one 64 KiB block */
    ULONG PrdPhysical;
    PIIX_DEVICE Device[2];
    PSCSI_REQUEST_BLOCK Active; /* the request the channel is working on */
    BOOLEAN ActiveDma;
    BOOLEAN ActiveWrite;
    ULONGLONG ActiveLba;
    UCHAR ActiveCommand;
    UCHAR LastSense[18];        /* for REQUEST SENSE when autosense is off */
} PIIX_EXTENSION, *PPIIX_EXTENSION;

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);
ULONG PiixFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                      PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);
BOOLEAN PiixInitialize(PVOID DeviceExtension);
BOOLEAN PiixStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK srb);
BOOLEAN PiixInterrupt(PVOID DeviceExtension);
BOOLEAN PiixResetBus(PVOID DeviceExtension, ULONG PathId);

/* ------------------------------------------------------------------ register access */

static UCHAR Read8(PIIX_WINDOW *w, ULONG offset)
{
    return w->InIoSpace ? ScsiPortReadPortUchar(w->Base + offset) : ScsiPortReadRegisterUchar(w->Base + offset);
}

static void Write8(PIIX_WINDOW *w, ULONG offset, UCHAR value)
{
    if (w->InIoSpace) {
        ScsiPortWritePortUchar(w->Base + offset, value);
    } else {
        ScsiPortWriteRegisterUchar(w->Base + offset, value);
    }
}

static void Write32(PIIX_WINDOW *w, ULONG offset, ULONG value)
{
    if (w->InIoSpace) {
        ScsiPortWritePortUlong((PULONG)(w->Base + offset), value);
    } else {
        ScsiPortWriteRegisterUlong((PULONG)(w->Base + offset), value);
    }
}

static void ReadData(PIIX_WINDOW *w, PUSHORT buffer, ULONG words)
{
    if (w->InIoSpace) {
        ScsiPortReadPortBufferUshort((PUSHORT)(w->Base + ATA_DATA), buffer, words);
    } else {
        ScsiPortReadRegisterBufferUshort((PUSHORT)(w->Base + ATA_DATA), buffer, words);
    }
}

static UCHAR AlternateStatus(PPIIX_EXTENSION e)
{
    return Read8(&e->Control, ATA_CONTROL);
}

/* Polls Alternate Status until BSY is clear or the stall budget is spent; *status is the last value read. */
static BOOLEAN WaitNotBusy(PPIIX_EXTENSION e, ULONG timeoutUs, UCHAR *status)
{
    for (ULONG waited = 0;; waited += POLL_US) {
        *status = AlternateStatus(e);
        if ((*status & STATUS_BSY) == 0 && *status != 0xFF) {
            return TRUE;
        }
        if (waited >= timeoutUs) {
            return FALSE;
        }
        ScsiPortStallExecution(POLL_US);
    }
}

static void SelectDevice(PPIIX_EXTENSION e, UCHAR target)
{
    Write8(&e->Command, ATA_DEVICE, (UCHAR)(DEVICE_LBA | (target << 4)));
    ScsiPortStallExecution(1); /* 400 ns before the status is the new device's */
}

/* ------------------------------------------------------------------ DriverEntry and HwFindAdapter */

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    RtlZeroMemory(&init, sizeof init);
    init.HwInitializationDataSize = sizeof init;
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = PiixFindAdapter;
    init.HwInitialize = PiixInitialize;
    init.HwStartIo = PiixStartIo;
    init.HwInterrupt = PiixInterrupt;
    init.HwResetBus = PiixResetBus;
    init.DeviceExtensionSize = sizeof(PIIX_EXTENSION);
    init.NumberOfAccessRanges = 3;
    init.MapBuffers = TRUE;             /* INQUIRY and READ CAPACITY are answered by writing the data buffer */
    init.NeedPhysicalAddresses = TRUE;  /* the PRD table needs the data's bus addresses */
    init.AutoRequestSense = TRUE;
    return ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
}

static BOOLEAN MapWindow(PPIIX_EXTENSION e, PPORT_CONFIGURATION_INFORMATION ConfigInfo, ULONG index, ULONG minimum, PIIX_WINDOW *w)
{
    if (index >= ConfigInfo->NumberOfAccessRanges) {
        return FALSE;
    }
    PACCESS_RANGE range = &(*ConfigInfo->AccessRanges)[index];
    if (range->RangeLength < minimum) {
        return FALSE;
    }
    w->InIoSpace = (BOOLEAN)!range->RangeInMemory;
    w->Base = ScsiPortGetDeviceBase(e, ConfigInfo->AdapterInterfaceType, ConfigInfo->SystemIoBusNumber, range->RangeStart,
                                    range->RangeLength, w->InIoSpace);
    return w->Base != NULL;
}

ULONG PiixFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                      PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PPIIX_EXTENSION e = DeviceExtension;
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;

    PCI_COMMON_CONFIG pci;
    if (ScsiPortGetBusData(e, PCIConfiguration, ConfigInfo->SystemIoBusNumber, ConfigInfo->SlotNumber, &pci, PCI_COMMON_HDR_LENGTH) < PCI_COMMON_HDR_LENGTH) {
        return SP_RETURN_NOT_FOUND;
    }
    if (pci.VendorID != PIIX_VENDOR_ID || pci.BaseClass != PCI_CLASS_MASS_STORAGE || pci.SubClass != PCI_SUBCLASS_IDE) {
        return SP_RETURN_NOT_FOUND;
    }
    if (!MapWindow(e, ConfigInfo, 0, 8, &e->Command) || !MapWindow(e, ConfigInfo, 1, 1, &e->Control) ||
        !MapWindow(e, ConfigInfo, 2, 8, &e->BusMaster)) {
        ScsiDebugPrint(0, "piix: the configuration lacks the command block, control block or bus-master window.");
        ScsiPortLogError(e, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 1);
        return SP_RETURN_BAD_CONFIG;
    }

    /* The bus master takes 32-bit addresses: the PRD table and the data must lie below 4 GiB. */
    ConfigInfo->Dma32BitAddresses = TRUE;
    PUCHAR extension = ScsiPortGetUncachedExtension(e, ConfigInfo, UNCACHED_BYTES);
    if (extension == NULL) {
        ScsiPortLogError(e, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 2);
        return SP_RETURN_ERROR;
    }
    ULONG length = 0;
    ULONGLONG physical = (ULONGLONG)ScsiPortGetPhysicalAddress(e, NULL, extension, &length).QuadPart;
    ULONG skew = (ULONG)((8 - (physical & 7)) & 7);
    ULONGLONG table = physical + skew;
    if ((table & 0xFFFFull) + PRD_BYTES > 0x10000ull) {
        /* It would cross a 64 KiB boundary, which the bus master does not follow: start at the boundary. */
        skew += (ULONG)(0x10000ull - (table & 0xFFFFull));
        table = physical + skew;
    }
    if (length < skew + PRD_BYTES || table + PRD_BYTES > 0x100000000ull) {
        ScsiDebugPrint(0, "piix: the uncached extension cannot hold a PRD table below 4 GiB.");
        ScsiPortLogError(e, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 3);
        return SP_RETURN_ERROR;
    }
    e->Prd = (PULONG)(extension + skew);
    e->PrdPhysical = (ULONG)table;

    ConfigInfo->MaximumTransferLength = MAXIMUM_TRANSFER_BYTES;
    ConfigInfo->NumberOfPhysicalBreaks = PRD_ENTRIES / 2 - 1; /* each piece may split once at a 64 KiB boundary */
    ConfigInfo->AlignmentMask = 0x1;                           /* PRD byte counts are even */
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 2;
    ConfigInfo->InitiatorBusId[0] = 7;
    return SP_RETURN_FOUND;
}

/* ------------------------------------------------------------------ reset and IDENTIFY */

static USHORT Word(const PIIX_DEVICE *d, ULONG index)
{
    return d->Identify[index];
}

/* The fastest DMA mode IDENTIFY offers, for SET FEATURES 03h: UDMA (word 88) when word 53 says it is valid, else
 * multiword DMA (word 63); 0 when it offers none. */
static UCHAR DmaMode(const PIIX_DEVICE *d)
{
    if (Word(d, 53) & 0x0004) {
        USHORT ultra = Word(d, 88) & 0x7F;
        for (int mode = 6; mode >= 0; mode--) {
            if (ultra & (1u << mode)) {
                return (UCHAR)(0x40 | mode);
            }
        }
    }
    USHORT multiword = Word(d, 63) & 0x07;
    for (int mode = 2; mode >= 0; mode--) {
        if (multiword & (1u << mode)) {
            return (UCHAR)(0x20 | mode);
        }
    }
    return 0;
}

/* A non-data command, polled to its end; the final status. */
static BOOLEAN NonDataCommand(PPIIX_EXTENSION e, UCHAR command, UCHAR features, UCHAR count, UCHAR *status)
{
    Write8(&e->Command, ATA_FEATURES, features);
    Write8(&e->Command, ATA_SECTOR_COUNT, count);
    Write8(&e->Command, ATA_COMMAND, command);
    ScsiPortStallExecution(1);
    if (!WaitNotBusy(e, COMMAND_TIMEOUT_US, status)) {
        return FALSE;
    }
    *status = Read8(&e->Command, ATA_STATUS);
    return (*status & (STATUS_ERR | STATUS_DF)) == 0;
}

static BOOLEAN IdentifyDevice(PPIIX_EXTENSION e, UCHAR target)
{
    PIIX_DEVICE *d = &e->Device[target];
    UCHAR status;
    SelectDevice(e, target);
    Write8(&e->Command, ATA_COMMAND, ATA_IDENTIFY_DEVICE);
    ScsiPortStallExecution(1);
    if (!WaitNotBusy(e, COMMAND_TIMEOUT_US, &status) || (status & (STATUS_ERR | STATUS_DRQ)) != STATUS_DRQ) {
        (void)Read8(&e->Command, ATA_STATUS);
        return FALSE; /* an ATAPI device aborts IDENTIFY DEVICE; a missing one never asks for data */
    }
    ReadData(&e->Command, d->Identify, 256);
    status = Read8(&e->Command, ATA_STATUS);
    if (status & STATUS_ERR) {
        return FALSE;
    }

    d->Lba48 = (Word(d, 83) & 0x4400) == 0x4400; /* word 83: bit 14 valid, bit 10 48-bit feature set */
    d->Sectors = d->Lba48
        ? (ULONGLONG)Word(d, 100) | ((ULONGLONG)Word(d, 101) << 16) | ((ULONGLONG)Word(d, 102) << 32) | ((ULONGLONG)Word(d, 103) << 48)
        : (ULONGLONG)Word(d, 60) | ((ULONGLONG)Word(d, 61) << 16);
    d->SectorSize = 512;
    d->LogicalPerPhysicalExponent = 0;
    USHORT sectorInfo = Word(d, 106);
    if ((sectorInfo & 0xC000) == 0x4000) {
        if (sectorInfo & 0x1000) {
            /* Words 117-118: the logical sector's length in 16-bit words. */
            ULONG words = (ULONG)Word(d, 117) | ((ULONG)Word(d, 118) << 16);
            d->SectorSize = words * 2;
        }
        if (sectorInfo & 0x2000) {
            d->LogicalPerPhysicalExponent = sectorInfo & 0x000F;
        }
    }
    if (d->Sectors == 0 || d->SectorSize < 512 || (d->SectorSize & (d->SectorSize - 1)) != 0) {
        ScsiDebugPrint(0, "piix: device %u reports no usable capacity or sector size.", target);
        return FALSE;
    }

    UCHAR mode = DmaMode(d);
    if (mode != 0 && !NonDataCommand(e, ATA_SET_FEATURES, FEATURE_TRANSFER_MODE, mode, &status)) {
        ScsiDebugPrint(0, "piix: device %u refused DMA mode 0x%02X (status 0x%02X).", target, mode, status);
    }
    return TRUE;
}

/* Soft reset of the channel (SRST, interrupts kept off), then IDENTIFY of each device position. Taking over from
 * whatever the crashed system's driver left running starts here. */
static BOOLEAN ResetChannel(PPIIX_EXTENSION e)
{
    Write8(&e->BusMaster, BM_COMMAND, 0);
    Write8(&e->BusMaster, BM_STATUS, BM_STATUS_ERROR | BM_STATUS_INTERRUPT);
    Write8(&e->Control, ATA_CONTROL, CONTROL_NIEN | CONTROL_SRST);
    ScsiPortStallExecution(10);
    Write8(&e->Control, ATA_CONTROL, CONTROL_NIEN);
    ScsiPortStallExecution(2000);

    BOOLEAN any = FALSE;
    for (UCHAR target = 0; target < 2; target++) {
        PIIX_DEVICE *d = &e->Device[target];
        d->Present = FALSE;
        SelectDevice(e, target);
        UCHAR status = AlternateStatus(e);
        if (status == 0x00 || (status == 0xFF && target == 1)) {
            continue; /* nothing drives the bus at this position */
        }
        if (!WaitNotBusy(e, RESET_TIMEOUT_US, &status)) {
            ScsiDebugPrint(0, "piix: device %u stayed busy after the soft reset (status 0x%02X).", target, status);
            continue;
        }
        SelectDevice(e, target);
        if (Read8(&e->Command, ATA_LBA_MID) == 0x14 && Read8(&e->Command, ATA_LBA_HIGH) == 0xEB) {
            continue; /* an ATAPI signature: not a disk this miniport dumps to */
        }
        d->Present = IdentifyDevice(e, target);
        any |= d->Present;
    }
    return any;
}

BOOLEAN PiixInitialize(PVOID DeviceExtension)
{
    PPIIX_EXTENSION e = DeviceExtension;
    e->Active = NULL;
    if (!ResetChannel(e)) {
        ScsiDebugPrint(0, "piix: no ATA disk answered on the channel.");
        ScsiPortLogError(e, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 4);
    }
    return TRUE; /* the port finds out per target: a missing disk is a selection timeout */
}

/* ------------------------------------------------------------------ completion and sense */

static void SetSense(PPIIX_EXTENSION e, PSCSI_REQUEST_BLOCK srb, UCHAR key, UCHAR asc, UCHAR ascq, BOOLEAN hasInformation, ULONGLONG information)
{
    UCHAR *s = e->LastSense;
    RtlZeroMemory(s, sizeof e->LastSense);
    s[0] = hasInformation && information <= 0xFFFFFFFFull ? 0xF0 : 0x70; /* fixed format, current; VALID with the LBA */
    s[2] = key;
    if (hasInformation) {
        s[3] = (UCHAR)(information >> 24);
        s[4] = (UCHAR)(information >> 16);
        s[5] = (UCHAR)(information >> 8);
        s[6] = (UCHAR)information;
    }
    s[7] = 10;
    s[12] = asc;
    s[13] = ascq;
    srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;
    srb->SrbStatus = SRB_STATUS_ERROR;
    if (!(srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE) && srb->SenseInfoBuffer != NULL && srb->SenseInfoBufferLength > 0) {
        ULONG count = srb->SenseInfoBufferLength < sizeof e->LastSense ? srb->SenseInfoBufferLength : (ULONG)sizeof e->LastSense;
        ScsiPortMoveMemory(srb->SenseInfoBuffer, s, count);
        srb->SenseInfoBufferLength = (UCHAR)count;
        srb->SrbStatus |= SRB_STATUS_AUTOSENSE_VALID;
    }
}

static void Complete(PPIIX_EXTENSION e, PSCSI_REQUEST_BLOCK srb, UCHAR status)
{
    if (status != SRB_STATUS_PENDING) {
        srb->SrbStatus = status;
    }
    if (e->Active == srb) {
        e->Active = NULL;
    }
    ScsiPortNotification(RequestComplete, e, srb);
    ScsiPortNotification(NextRequest, e, NULL);
}

static BOOLEAN CopyOut(PSCSI_REQUEST_BLOCK srb, const UCHAR *data, ULONG length)
{
    if (srb->DataBuffer == NULL) {
        return FALSE;
    }
    ULONG count = length < srb->DataTransferLength ? length : srb->DataTransferLength;
    ScsiPortMoveMemory(srb->DataBuffer, (PVOID)data, count);
    srb->DataTransferLength = count;
    return TRUE;
}

/* ATA strings are byte-swapped words, padded with spaces. */
static void AtaString(const PIIX_DEVICE *d, ULONG firstWord, ULONG characters, UCHAR *out)
{
    for (ULONG i = 0; i < characters; i++) {
        USHORT w = d->Identify[firstWord + i / 2];
        UCHAR c = (UCHAR)((i & 1) ? (w & 0xFF) : (w >> 8));
        out[i] = c >= 0x20 && c < 0x7F ? c : ' ';
    }
}

static UCHAR Inquiry(PSCSI_REQUEST_BLOCK srb, const PIIX_DEVICE *d)
{
    if (srb->Cdb[1] & 0x01) {
        return SRB_STATUS_INVALID_REQUEST; /* no vital product data pages */
    }
    UCHAR data[36];
    RtlZeroMemory(data, sizeof data);
    data[0] = 0x00; /* direct-access block device */
    data[2] = 0x05; /* SPC-3 */
    data[3] = 0x02;
    data[4] = sizeof data - 5;
    RtlCopyMemory(data + 8, "ATA     ", 8);
    AtaString(d, 27, 16, data + 16); /* the model's first 16 characters */
    AtaString(d, 23, 4, data + 32);  /* the firmware revision's first 4 */
    return CopyOut(srb, data, sizeof data) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
}

static UCHAR ReadCapacity(PSCSI_REQUEST_BLOCK srb, const PIIX_DEVICE *d, BOOLEAN sixteen)
{
    ULONGLONG last = d->Sectors - 1;
    UCHAR data[32];
    RtlZeroMemory(data, sizeof data);
    if (!sixteen) {
        ULONG last32 = last > 0xFFFFFFFFull ? 0xFFFFFFFFu : (ULONG)last;
        for (int i = 0; i < 4; i++) {
            data[i] = (UCHAR)(last32 >> (24 - 8 * i));
            data[4 + i] = (UCHAR)(d->SectorSize >> (24 - 8 * i));
        }
        return CopyOut(srb, data, 8) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    }
    for (int i = 0; i < 8; i++) {
        data[i] = (UCHAR)(last >> (56 - 8 * i));
    }
    for (int i = 0; i < 4; i++) {
        data[8 + i] = (UCHAR)(d->SectorSize >> (24 - 8 * i));
    }
    data[13] = (UCHAR)d->LogicalPerPhysicalExponent;
    return CopyOut(srb, data, sizeof data) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
}

/* ------------------------------------------------------------------ DMA */

/* Fills the PRD table from the data buffer's physical pieces, each split so that it neither exceeds nor crosses 64 KiB. */
static BOOLEAN BuildPrdTable(PPIIX_EXTENSION e, PSCSI_REQUEST_BLOCK srb, ULONG bytes)
{
    ULONG entries = 0;
    PUCHAR va = srb->DataBuffer;
    for (ULONG done = 0; done < bytes;) {
        ULONG length = 0;
        ULONGLONG physical = (ULONGLONG)ScsiPortGetPhysicalAddress(e, srb, va + done, &length).QuadPart;
        if (length == 0) {
            return FALSE;
        }
        if (length > bytes - done) {
            length = bytes - done;
        }
        while (length > 0) {
            ULONG piece = (ULONG)(0x10000ull - (physical & 0xFFFFull));
            if (piece > length) {
                piece = length;
            }
            if (entries == PRD_ENTRIES || physical + piece > 0x100000000ull || (physical & 1) || (piece & 1)) {
                return FALSE;
            }
            e->Prd[entries * 2] = (ULONG)physical;
            e->Prd[entries * 2 + 1] = piece & 0xFFFF; /* 0 means 64 KiB */
            entries++;
            physical += piece;
            length -= piece;
            done += piece;
        }
    }
    if (entries == 0) {
        return FALSE;
    }
    e->Prd[(entries - 1) * 2 + 1] |= PRD_END_OF_TABLE;
    return TRUE;
}

static UCHAR StartReadWrite(PPIIX_EXTENSION e, PSCSI_REQUEST_BLOCK srb, const PIIX_DEVICE *d, BOOLEAN write)
{
    const UCHAR *c = srb->Cdb;
    ULONGLONG lba;
    ULONG blocks;
    if (c[0] == SCSIOP_READ16 || c[0] == SCSIOP_WRITE16) {
        lba = 0;
        for (int i = 0; i < 8; i++) {
            lba = (lba << 8) | c[2 + i];
        }
        blocks = ((ULONG)c[10] << 24) | ((ULONG)c[11] << 16) | ((ULONG)c[12] << 8) | c[13];
    } else {
        lba = ((ULONG)c[2] << 24) | ((ULONG)c[3] << 16) | ((ULONG)c[4] << 8) | c[5];
        blocks = ((ULONG)c[7] << 8) | c[8];
    }
    if (blocks == 0) {
        return SRB_STATUS_SUCCESS;
    }
    if (lba + blocks > d->Sectors || lba + blocks < lba) {
        SetSense(e, srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0, FALSE, 0);
        return SRB_STATUS_PENDING;
    }
    ULONG bytes = blocks * d->SectorSize;
    BOOLEAN ext = lba + blocks - 1 > LBA28_LIMIT || blocks > 256;
    if ((ext && !d->Lba48) || blocks > 65536 || bytes > srb->DataTransferLength) {
        SetSense(e, srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0, FALSE, 0);
        return SRB_STATUS_PENDING;
    }
    if (!BuildPrdTable(e, srb, bytes)) {
        ScsiDebugPrint(0, "piix: the data of LBA 0x%llx cannot be described by the PRD table (above 4 GiB or odd).", (unsigned long long)lba);
        ScsiPortLogError(e, srb, 0, srb->TargetId, 0, SP_INTERNAL_ADAPTER_ERROR, 5);
        return SRB_STATUS_ERROR;
    }

    UCHAR status;
    SelectDevice(e, srb->TargetId);
    if (!WaitNotBusy(e, COMMAND_TIMEOUT_US, &status) || (status & STATUS_DRDY) == 0) {
        return SRB_STATUS_BUSY;
    }
    UCHAR command = write ? (ext ? ATA_WRITE_DMA_EXT : ATA_WRITE_DMA) : (ext ? ATA_READ_DMA_EXT : ATA_READ_DMA);
    if (ext) {
        /* 48-bit: the high-order bytes first, then the low-order ones (the device keeps both in a FIFO). */
        Write8(&e->Command, ATA_SECTOR_COUNT, (UCHAR)(blocks >> 8));
        Write8(&e->Command, ATA_LBA_LOW, (UCHAR)(lba >> 24));
        Write8(&e->Command, ATA_LBA_MID, (UCHAR)(lba >> 32));
        Write8(&e->Command, ATA_LBA_HIGH, (UCHAR)(lba >> 40));
        Write8(&e->Command, ATA_SECTOR_COUNT, (UCHAR)blocks);
        Write8(&e->Command, ATA_LBA_LOW, (UCHAR)lba);
        Write8(&e->Command, ATA_LBA_MID, (UCHAR)(lba >> 8));
        Write8(&e->Command, ATA_LBA_HIGH, (UCHAR)(lba >> 16));
        Write8(&e->Command, ATA_DEVICE, (UCHAR)(DEVICE_LBA | (srb->TargetId << 4)));
    } else {
        Write8(&e->Command, ATA_SECTOR_COUNT, (UCHAR)blocks); /* 256 is written as 0 */
        Write8(&e->Command, ATA_LBA_LOW, (UCHAR)lba);
        Write8(&e->Command, ATA_LBA_MID, (UCHAR)(lba >> 8));
        Write8(&e->Command, ATA_LBA_HIGH, (UCHAR)(lba >> 16));
        Write8(&e->Command, ATA_DEVICE, (UCHAR)(DEVICE_LBA | (srb->TargetId << 4) | ((lba >> 24) & 0x0F)));
    }

    UCHAR direction = write ? 0 : BM_COMMAND_WRITES_MEMORY;
    Write32(&e->BusMaster, BM_PRD_TABLE, e->PrdPhysical);
    Write8(&e->BusMaster, BM_COMMAND, direction);
    Write8(&e->BusMaster, BM_STATUS, BM_STATUS_ERROR | BM_STATUS_INTERRUPT);
    Write8(&e->Command, ATA_COMMAND, command);
    Write8(&e->BusMaster, BM_COMMAND, (UCHAR)(direction | BM_COMMAND_START));
    e->ActiveDma = TRUE;
    e->ActiveWrite = write;
    e->ActiveLba = lba;
    e->ActiveCommand = command;
    e->Active = srb;
    return SRB_STATUS_PENDING;
}

static UCHAR StartFlush(PPIIX_EXTENSION e, PSCSI_REQUEST_BLOCK srb, const PIIX_DEVICE *d)
{
    UCHAR status;
    SelectDevice(e, srb->TargetId);
    if (!WaitNotBusy(e, COMMAND_TIMEOUT_US, &status)) {
        return SRB_STATUS_BUSY;
    }
    e->ActiveCommand = d->Lba48 ? ATA_FLUSH_CACHE_EXT : ATA_FLUSH_CACHE;
    e->ActiveDma = FALSE;
    e->ActiveLba = 0;
    e->Active = srb;
    Write8(&e->Command, ATA_COMMAND, e->ActiveCommand);
    return SRB_STATUS_PENDING;
}

/* ------------------------------------------------------------------ HwStartIo and HwInterrupt */

static UCHAR ExecuteScsi(PPIIX_EXTENSION e, PSCSI_REQUEST_BLOCK srb)
{
    if (srb->PathId != 0 || srb->Lun != 0) {
        return SRB_STATUS_SELECTION_TIMEOUT;
    }
    if (srb->TargetId > 1 || !e->Device[srb->TargetId].Present) {
        return SRB_STATUS_SELECTION_TIMEOUT;
    }
    const PIIX_DEVICE *d = &e->Device[srb->TargetId];
    switch (srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
        return SRB_STATUS_SUCCESS;
    case SCSIOP_INQUIRY:
        return Inquiry(srb, d);
    case SCSIOP_READ_CAPACITY:
        return ReadCapacity(srb, d, FALSE);
    case SCSIOP_SERVICE_ACTION_IN16:
        if ((srb->Cdb[1] & 0x1F) != 0x10) {
            return SRB_STATUS_INVALID_REQUEST;
        }
        return ReadCapacity(srb, d, TRUE);
    case SCSIOP_REQUEST_SENSE:
        return CopyOut(srb, e->LastSense, sizeof e->LastSense) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    case SCSIOP_READ:
    case SCSIOP_READ16:
        return StartReadWrite(e, srb, d, FALSE);
    case SCSIOP_WRITE:
    case SCSIOP_WRITE16:
        return StartReadWrite(e, srb, d, TRUE);
    case SCSIOP_SYNCHRONIZE_CACHE:
        return StartFlush(e, srb, d);
    default:
        SetSense(e, srb, SCSI_SENSE_ILLEGAL_REQUEST, 0x20, 0, FALSE, 0); /* INVALID COMMAND OPERATION CODE */
        return SRB_STATUS_PENDING;
    }
}

BOOLEAN PiixStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK srb)
{
    PPIIX_EXTENSION e = DeviceExtension;
    UCHAR status;
    if (e->Active != NULL) {
        Complete(e, srb, SRB_STATUS_BUSY); /* one request at a time */
        return TRUE;
    }
    switch (srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        status = ExecuteScsi(e, srb);
        break;
    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_FLUSH:
        status = srb->TargetId <= 1 && e->Device[srb->TargetId].Present ? StartFlush(e, srb, &e->Device[srb->TargetId]) : SRB_STATUS_SUCCESS;
        break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
        status = ResetChannel(e) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
        break;
    default:
        status = SRB_STATUS_INVALID_REQUEST;
        break;
    }
    if (e->Active == srb) {
        return TRUE; /* on the wire: HwInterrupt completes it */
    }
    Complete(e, srb, status);
    return TRUE;
}

/* The ATA error of the command that just ended, as the SCSI status and sense a SAT layer gives it. */
static void TranslateError(PPIIX_EXTENSION e, PSCSI_REQUEST_BLOCK srb, UCHAR status, UCHAR bmStatus)
{
    UCHAR error = (status & STATUS_ERR) ? Read8(&e->Command, ATA_ERROR) : 0;
    if (error & ERROR_UNC) {
        /* The failing LBA is in the taskfile; the dump only needs the command's first. */
        SetSense(e, srb, SCSI_SENSE_MEDIUM_ERROR, e->ActiveWrite ? 0x0C : 0x11, e->ActiveWrite ? 0x00 : 0x04, TRUE, e->ActiveLba);
    } else if (error & ERROR_IDNF) {
        SetSense(e, srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0, TRUE, e->ActiveLba);
    } else {
        ScsiDebugPrint(0, "piix: command 0x%02X failed: status 0x%02X, error 0x%02X, bus master 0x%02X.", e->ActiveCommand, status, error, bmStatus);
        SetSense(e, srb, SCSI_SENSE_ABORTED_COMMAND, 0x00, 0x00, FALSE, 0);
    }
}

BOOLEAN PiixInterrupt(PVOID DeviceExtension)
{
    PPIIX_EXTENSION e = DeviceExtension;
    PSCSI_REQUEST_BLOCK srb = e->Active;
    if (srb == NULL) {
        return FALSE;
    }
    UCHAR status = AlternateStatus(e);
    if (status & STATUS_BSY) {
        return FALSE; /* still working; the port's timeout covers a device that never finishes */
    }
    UCHAR bmStatus = 0;
    if (e->ActiveDma) {
        bmStatus = Read8(&e->BusMaster, BM_STATUS);
        if ((status & STATUS_DRQ) && !(bmStatus & BM_STATUS_ERROR)) {
            return FALSE; /* the data phase is still going */
        }
        Write8(&e->BusMaster, BM_COMMAND, e->ActiveWrite ? 0 : BM_COMMAND_WRITES_MEMORY);
        Write8(&e->BusMaster, BM_STATUS, BM_STATUS_ERROR | BM_STATUS_INTERRUPT);
    }
    status = Read8(&e->Command, ATA_STATUS); /* the real status register: clears the device's interrupt */
    if ((status & (STATUS_ERR | STATUS_DF)) || (bmStatus & BM_STATUS_ERROR) || (e->ActiveDma && (status & STATUS_DRQ))) {
        TranslateError(e, srb, status, bmStatus);
        Complete(e, srb, SRB_STATUS_PENDING);
        return TRUE;
    }
    Complete(e, srb, SRB_STATUS_SUCCESS);
    return TRUE;
}

BOOLEAN PiixResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PPIIX_EXTENSION e = DeviceExtension;
    UNREFERENCED_PARAMETER(PathId);
    PSCSI_REQUEST_BLOCK lost = e->Active;
    e->Active = NULL;
    BOOLEAN ok = ResetChannel(e);
    if (lost != NULL) {
        lost->SrbStatus = SRB_STATUS_BUS_RESET;
        ScsiPortNotification(RequestComplete, e, lost);
    }
    ScsiPortNotification(ResetDetected, e);
    ScsiPortNotification(NextRequest, e, NULL);
    return ok;
}
