// pulumi-resource-random STAND-IN: NOT pulumi-random. It implements only what radius-components
// uses, random:index/randomPassword:RandomPassword and random:index/randomId:RandomId, with the
// same tokens and property names as pulumi-random 4.21.4, so that the unmodified program can run
// on the real engine where the real provider cannot be built (its Go module is refused).
// Every input change replaces the resource, as in pulumi-random.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/crypto/bcrypt"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

var Version = "4.21.4+standin"

const (
	passwordType = "random:index/randomPassword:RandomPassword"
	idType       = "random:index/randomId:RandomId"
)

var inputKeys = map[string][]string{
	passwordType: {"keepers", "length", "lower", "minLower", "minNumeric", "minSpecial", "minUpper",
		"number", "numeric", "overrideSpecial", "special", "upper"},
	idType: {"byteLength", "keepers", "prefix"},
}

type server struct {
	pulumirpc.UnimplementedResourceProviderServer
}

var opts = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, SkipNulls: true}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) { return plugin.UnmarshalProperties(s, opts) }
func marshal(m resource.PropertyMap) (*structpb.Struct, error)    { return plugin.MarshalProperties(m, opts) }

func plain(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

func num(m resource.PropertyMap, k string, def float64) float64 {
	if v, ok := m[resource.PropertyKey(k)]; ok && plain(v).IsNumber() {
		return plain(v).NumberValue()
	}
	return def
}

func flag(m resource.PropertyMap, k string, def bool) bool {
	if v, ok := m[resource.PropertyKey(k)]; ok && plain(v).IsBool() {
		return plain(v).BoolValue()
	}
	return def
}

func str(m resource.PropertyMap, k string) string {
	if v, ok := m[resource.PropertyKey(k)]; ok && plain(v).IsString() {
		return plain(v).StringValue()
	}
	return ""
}

func pick(alphabet string) byte {
	n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
	if err != nil {
		panic(err)
	}
	return alphabet[n.Int64()]
}

func password(in resource.PropertyMap) (string, error) {
	const lower, upper, digits = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
	special := "!@#$%&*()-_=+[]{}<>:?"
	if s := str(in, "overrideSpecial"); s != "" {
		special = s
	}
	length := int(num(in, "length", 0))
	sets := []struct {
		on    bool
		chars string
		min   int
	}{
		{flag(in, "lower", true), lower, int(num(in, "minLower", 0))},
		{flag(in, "upper", true), upper, int(num(in, "minUpper", 0))},
		{flag(in, "numeric", flag(in, "number", true)), digits, int(num(in, "minNumeric", 0))},
		{flag(in, "special", true), special, int(num(in, "minSpecial", 0))},
	}
	var out []byte
	all := ""
	for _, s := range sets {
		if !s.on {
			continue
		}
		all += s.chars
		for i := 0; i < s.min; i++ {
			out = append(out, pick(s.chars))
		}
	}
	if all == "" || length < len(out) {
		return "", fmt.Errorf("length %d cannot satisfy the character set constraints", length)
	}
	for len(out) < length {
		out = append(out, pick(all))
	}
	for i := len(out) - 1; i > 0; i-- { // Fisher-Yates, so the minimum picks are not at the front
		j, _ := rand.Int(rand.Reader, big.NewInt(int64(i+1)))
		out[i], out[j.Int64()] = out[j.Int64()], out[i]
	}
	return string(out), nil
}

func (s *server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

func (s *server) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return &pulumirpc.GetSchemaResponse{Schema: `{"name":"random","version":"4.21.4"}`}, nil
}

func (s *server) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (s *server) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (s *server) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

func (s *server) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	if _, ok := inputKeys[string(resource.URN(req.GetUrn()).Type())]; !ok {
		return nil, fmt.Errorf("the random stand-in does not implement %s", resource.URN(req.GetUrn()).Type())
	}
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (s *server) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var replaces []string
	for _, k := range inputKeys[string(resource.URN(req.GetUrn()).Type())] {
		o, okO := olds[resource.PropertyKey(k)]
		n, okN := news[resource.PropertyKey(k)]
		if okO != okN || (okO && !o.DeepEquals(n)) {
			replaces = append(replaces, k)
		}
	}
	sort.Strings(replaces)
	if len(replaces) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Replaces: replaces, Diffs: replaces}, nil
}

func (s *server) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	in, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	out := in.Copy()
	unknown := resource.MakeComputed(resource.NewStringProperty(""))
	id := ""
	switch t := string(resource.URN(req.GetUrn()).Type()); t {
	case passwordType:
		if req.GetPreview() {
			out["result"], out["bcryptHash"] = unknown, unknown
			break
		}
		pw, err := password(in)
		if err != nil {
			return nil, err
		}
		hash, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
		if err != nil {
			return nil, err
		}
		out["result"] = resource.MakeSecret(resource.NewStringProperty(pw))
		out["bcryptHash"] = resource.MakeSecret(resource.NewStringProperty(string(hash)))
		id = "none"
	case idType:
		if req.GetPreview() {
			for _, k := range []resource.PropertyKey{"hex", "b64Std", "b64Url", "dec"} {
				out[k] = unknown
			}
			break
		}
		b := make([]byte, int(num(in, "byteLength", 8)))
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		prefix := str(in, "prefix")
		out["hex"] = resource.NewStringProperty(prefix + hex.EncodeToString(b))
		out["b64Std"] = resource.NewStringProperty(prefix + base64.StdEncoding.EncodeToString(b))
		out["b64Url"] = resource.NewStringProperty(prefix + base64.RawURLEncoding.EncodeToString(b))
		out["dec"] = resource.NewStringProperty(prefix + new(big.Int).SetBytes(b).String())
		id = base64.RawURLEncoding.EncodeToString(b)
	default:
		return nil, fmt.Errorf("the random stand-in does not implement %s", t)
	}
	props, err := marshal(out)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

func (s *server) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}

func (s *server) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	return &pulumirpc.UpdateResponse{Properties: req.GetOlds()}, nil // every change is a replacement
}

func (s *server) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (s *server) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func main() {
	if err := provider.Main("random", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return &server{}, nil
	}); err != nil {
		cmdutil.ExitError(err.Error())
	}
}
