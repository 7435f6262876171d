import { NotFoundView } from "@/components/explorer/NotFoundView";

export default function NotFound() {
  return <NotFoundView />;
}
