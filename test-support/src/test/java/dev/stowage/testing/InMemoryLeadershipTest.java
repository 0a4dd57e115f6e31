package dev.stowage.testing;

import dev.stowage.application.port.out.Leadership;
import dev.stowage.testing.contract.LeadershipContract;

class InMemoryLeadershipTest extends LeadershipContract {
    private final InMemoryLeadership.Election election = new InMemoryLeadership.Election();

    @Override
    protected Leadership newCandidate(String name) {
        return election.candidate(name);
    }

    @Override
    protected void cutOff(Leadership holder) {
        election.dropHolder();
    }
}
