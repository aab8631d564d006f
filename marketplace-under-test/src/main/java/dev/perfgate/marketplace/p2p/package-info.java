/**
 * The marketplace's peer-to-peer network: a Kademlia DHT of signed package records, gossip of announcements,
 * verified retrieval and reputation. The node code is event-driven and runs on any {@link
 * dev.perfgate.marketplace.p2p.Transport}: real UDP datagrams on loopback, or a simulated network on a virtual clock.
 */
@NullMarked
package dev.perfgate.marketplace.p2p;

import org.jspecify.annotations.NullMarked;
