/*
 * linux/numa.h - NUMA nodes: kwork has one (node 0), which holds every
 * virtual CPU.
 */
#ifndef KWORK_LINUX_NUMA_H
#define KWORK_LINUX_NUMA_H

#include <kwork/cpu.h>

#define NUMA_NO_NODE KW_NUMA_NO_NODE
#define NODES_SHIFT 0
#define MAX_NUMNODES 1
#define nr_node_ids 1
#define first_online_node 0
#define numa_node_id() 0
#define cpu_to_node(cpu) ((void)(cpu), 0)
#define for_each_online_node(node) for ((node) = 0; (node) < 1; (node)++)

#endif /* KWORK_LINUX_NUMA_H */
