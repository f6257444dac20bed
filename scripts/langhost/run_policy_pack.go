// RunPlugin for the fallback Node.js language host that scripts/ensure-pulumi builds from
// github.com/pulumi/pulumi/sdk/v3@v3.68.0 where the module proxy does not serve the host's own
// module. It is compiled into that host's package main (through `go build -overlay`, in place of
// the v3.68.0 stub that answers "not supported"); it is not a program of its own.
//
// Why: the Pulumi CLI v3.248.0 runs a Node.js policy pack (`pulumi preview --policy-pack DIR`)
// by asking the language host to RunPlugin the pack directory. The v3.68.0 host predates that,
// so without this every policy pack fails with "could not read plugin [DIR]: not supported".
//
// What it does, as the v3.248.0 host does for analyzers: it starts
// `node <@pulumi/pulumi/cmd/run-policy-pack> <engine address> <pack dir>` in the pack directory
// (so the pack's own @pulumi/pulumi and @pulumi/policy are used) and streams the process's stdout
// (whose first line is the analyzer's port), stderr and exit code back to the engine. Other
// plugin kinds stay unsupported, as before.
//
// The engine's request carries the pack directory and the plugin kind in fields (info = 5,
// kind = 6) that the v3.68.0 protobuf types do not have, so they are read from the request's
// unknown fields.
package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
)

const (
	runPluginInfoField        = 5 // RunPluginRequest.info (ProgramInfo)
	runPluginKindField        = 6 // RunPluginRequest.kind
	programInfoDirectoryField = 2 // ProgramInfo.program_directory
)

func (host *nodeLanguageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	kind, dir, err := newerRunPluginFields(req.ProtoReflect().GetUnknown())
	if err != nil {
		return status.Errorf(codes.InvalidArgument, "RunPlugin: %v", err)
	}
	if kind != "analyzer" || dir == "" {
		return status.Errorf(codes.Unimplemented,
			"this Node.js language host runs only policy packs as plugins (asked for a %q plugin)", kind)
	}

	env := req.Env
	if len(env) == 0 {
		env = os.Environ()
	}
	resolve := exec.Command("node", "-e",
		"process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")
	resolve.Dir = dir
	resolve.Env = env
	runner, err := resolve.Output()
	if err != nil {
		return fmt.Errorf("the policy pack in %s needs its dependencies: run `npm install` there "+
			"(@pulumi/pulumi/cmd/run-policy-pack could not be resolved: %v)", dir, err)
	}

	args := append([]string{strings.TrimSpace(string(runner))}, req.Args...) // req.Args = [engine address]
	args = append(args, dir)
	cmd := exec.CommandContext(server.Context(), "node", args...)
	cmd.Dir = dir
	cmd.Env = env

	// grpc streams must not be written from two goroutines at once.
	var sendLock sync.Mutex
	send := func(resp *pulumirpc.RunPluginResponse) error {
		sendLock.Lock()
		defer sendLock.Unlock()
		return server.Send(resp)
	}
	cmd.Stdout = streamWriter(func(b []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	})
	cmd.Stderr = streamWriter(func(b []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	})

	code := int32(0)
	if err := cmd.Run(); err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			return fmt.Errorf("could not start the policy pack in %s: %w", dir, err)
		}
		code = 1
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.ExitStatus() > 0 {
			code = int32(ws.ExitStatus())
		}
	}
	return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

// newerRunPluginFields reads RunPluginRequest.kind and RunPluginRequest.info.program_directory.
func newerRunPluginFields(unknown []byte) (kind, dir string, err error) {
	err = eachBytesField(unknown, func(num protowire.Number, value []byte) error {
		switch num {
		case runPluginKindField:
			kind = string(value)
		case runPluginInfoField:
			return eachBytesField(value, func(n protowire.Number, v []byte) error {
				if n == programInfoDirectoryField {
					dir = string(v)
				}
				return nil
			})
		}
		return nil
	})
	return kind, dir, err
}

// eachBytesField calls fn for every length-delimited field of a protobuf message; others are skipped.
func eachBytesField(b []byte, fn func(protowire.Number, []byte) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		if typ == protowire.BytesType {
			value, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return protowire.ParseError(m)
			}
			if err := fn(num, value); err != nil {
				return err
			}
			b = b[m:]
			continue
		}
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return protowire.ParseError(m)
		}
		b = b[m:]
	}
	return nil
}

// streamWriter adapts a send function to io.Writer; each write is sent as one message.
type streamWriter func([]byte) error

func (w streamWriter) Write(p []byte) (int, error) {
	// The stream keeps the slice until it is marshalled: send a copy.
	if err := w(append([]byte(nil), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}

var _ io.Writer = streamWriter(nil)
