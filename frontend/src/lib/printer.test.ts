import { describe, expect, it } from "vitest";
import { printerParts, printerURI, type PrinterChoice } from "./printer";

const choices: PrinterChoice[] = [
  { uri: "usblp:///dev/usb/lp0", kind: "usblp", label: "Máy in USB /dev/usb/lp0", label_en: "USB printer /dev/usb/lp0" },
  { uri: "serial:///dev/ttyUSB0", kind: "serial", label: "Cổng nối tiếp /dev/ttyUSB0", label_en: "Serial port /dev/ttyUSB0" },
  { uri: "tcp://", kind: "tcp", label: "Máy in mạng", label_en: "Network printer" },
  { uri: "virtual:", kind: "virtual", label: "Máy in ảo", label_en: "Virtual printer" },
];

describe("printer setting", () => {
  it("reads a setting into the picker's boxes", () => {
    expect(printerParts("virtual:", choices)).toEqual({ choice: "virtual:", address: "", paper: 80, options: "" });
    expect(printerParts("tcp://192.168.1.50:9100?paper=58", choices)).toEqual({ choice: "tcp://", address: "192.168.1.50:9100", paper: 58, options: "" });
    expect(printerParts("serial:///dev/ttyUSB0?baud=115200&paper=58", choices)).toEqual({ choice: "serial:///dev/ttyUSB0", address: "", paper: 58, options: "baud=115200" });
    expect(printerParts("serial:///dev/ttyS9", choices).choice).toBe("");
  });

  it("writes the boxes back, 80 mm unsaid, other options kept", () => {
    expect(printerURI({ choice: "virtual:", address: "", paper: 80, options: "" })).toBe("virtual:");
    expect(printerURI({ choice: "tcp://", address: " 10.0.0.9 ", paper: 58, options: "" })).toBe("tcp://10.0.0.9?paper=58");
    expect(printerURI({ choice: "serial:///dev/ttyUSB0", address: "", paper: 58, options: "baud=115200" })).toBe("serial:///dev/ttyUSB0?baud=115200&paper=58");
    for (const uri of ["usblp:///dev/usb/lp0?paper=58", "tcp://printer.local:9100", "serial:///dev/ttyUSB0?baud=115200&paper=58"]) {
      expect(printerURI(printerParts(uri, choices))).toBe(uri);
    }
  });
});
