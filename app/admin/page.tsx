import { redirect } from "next/navigation";

// The dashboard comes with issue 5's console; until then the console opens on the review pages.
export default function AdminHome() {
  redirect("/admin/reviews");
}
