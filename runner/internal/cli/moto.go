package cli

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/lambdaconform/lambdaconform/runner/targets"
)

// motoServer is moto's server mode run from PATH: `moto_server -H HOST -p PORT`. It has no --version: the
// version comes from the Python interpreter that runs it.
var motoServer = &processForm{
	Command: "moto_server",
	Args:    func(host, port string) []string { return []string{"-H", host, "-p", port} },
	Install: `pip install "moto[server]" (it puts moto_server on PATH)`,
	Version: func(ctx context.Context, p *targets.Process) string { return pythonVersionOf(ctx, p, "moto") },
}

// pythonVersionOf asks the Python interpreter that runs p for a module's __version__: the interpreter of the
// running process first (a wrapper such as a pyenv shim hides it, and a virtual environment's interpreter has
// its own packages), then the one the program's #! line names.
func pythonVersionOf(ctx context.Context, p *targets.Process, module string) string {
	var interpreters []string
	for _, argv := range p.Members() {
		if strings.HasPrefix(filepath.Base(argv[0]), "python") {
			interpreters = append(interpreters, argv[0])
		}
	}
	interpreters = append(interpreters, shebangInterpreter(p.Path())...)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	for _, interp := range interpreters {
		out, err := exec.CommandContext(ctx, interp, "-c", "import "+module+"; print("+module+".__version__)").Output()
		if v := strings.TrimSpace(string(out)); err == nil && v != "" && !strings.ContainsAny(v, " \t\n") {
			return v
		}
	}
	return ""
}

// shebangInterpreter returns the Python interpreter a script's #! line names (through env too), if any.
func shebangInterpreter(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "#!") {
		return nil
	}
	fields := strings.Fields(strings.TrimPrefix(line, "#!"))
	if len(fields) > 1 && filepath.Base(fields[0]) == "env" {
		fields = fields[1:]
		if fields[0] == "-S" && len(fields) > 1 {
			fields = fields[1:]
		}
	}
	if len(fields) == 0 || !strings.HasPrefix(filepath.Base(fields[0]), "python") {
		return nil
	}
	return fields[:1]
}
