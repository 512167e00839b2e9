// The deep query of the public gateways benchmark's shape: users → reviews → product → reviews →
// author → reviews → product, and topProducts → reviews → author → reviews → product, through
// fragments. Its plan crosses the four subgraphs about sixteen times.
export const DEEP_QUERY = /* GraphQL */ `
  query DeepReviews {
    users {
      ...Person
      reviews {
        ...ReviewText
        product {
          ...Item
          reviews {
            ...ReviewText
            author {
              ...Person
              reviews {
                ...ReviewText
                product {
                  ...Item
                }
              }
            }
          }
        }
      }
    }
    topProducts {
      ...Item
      reviews {
        ...ReviewText
        author {
          ...Person
          reviews {
            ...ReviewText
            product {
              ...Item
            }
          }
        }
      }
    }
  }

  fragment Person on User {
    id
    username
    name
  }

  fragment ReviewText on Review {
    id
    body
  }

  fragment Item on Product {
    upc
    name
    price
    weight
    inStock
    shippingEstimate
  }
`;
