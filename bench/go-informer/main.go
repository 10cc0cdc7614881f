// go-informer: the stock client-go v0.37.2 pod informer, for bench/informer. It syncs a
// SharedInformerFactory pod informer (protobuf, as kube-controller-manager configures it),
// waits until its handler has seen -expect ADDs, prints "synced N objects in S s" and exits.
package main

import (
	"flag"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "admin kubeconfig")
	namespace := flag.String("namespace", "", "namespace to watch")
	expect := flag.Int64("expect", 0, "ADD events to wait for")
	noGzip := flag.Bool("disable-compression", false, "do not ask the apiserver for gzip")
	flag.Parse()

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cfg.QPS = -1
	cfg.DisableCompression = *noGzip
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	cfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	cs := kubernetes.NewForConfigOrDie(cfg)

	start := time.Now()
	factory := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithNamespace(*namespace))
	inf := factory.Core().V1().Pods().Informer()
	var adds atomic.Int64
	done := make(chan struct{})
	_, _ = inf.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: func(obj interface{}) {
		if adds.Add(1) == *expect {
			close(done)
		}
	}})
	stop := make(chan struct{})
	factory.Start(stop)
	if !cache.WaitForCacheSync(stop, inf.HasSynced) {
		fmt.Fprintln(os.Stderr, "sync failed")
		os.Exit(1)
	}
	if *expect > 0 {
		<-done
	}
	fmt.Printf("synced %d objects in %.3f s\n", len(inf.GetStore().ListKeys()), time.Since(start).Seconds())
}
