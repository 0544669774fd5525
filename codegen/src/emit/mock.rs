//! The spec's view of a service for the in-process mock (`test-util` feature): required params,
//! the first doc example output and the unsigned flag of every action.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Service;

pub fn mock(service: &Service) -> TokenStream {
    let actions = service.actions.iter().map(|a| {
        let name = &a.name;
        let unsigned = a.unsigned;
        let required = a.input.iter().filter(|f| f.required).map(|f| &f.wire_name);
        let example = a.examples.iter().find_map(|e| e.output.as_ref()).map(|json| json.to_string());
        let example = match example {
            Some(json) => quote! { ::std::option::Option::Some(#json) },
            None => quote! { ::std::option::Option::None },
        };
        quote! {
            crate::runtime::mock::MockAction { action: #name, required: &[ #( #required ),* ], example: #example, unsigned: #unsigned },
        }
    });
    quote! {
        //! What the in-process mock knows of this service (the `test-util` feature).

        /// Every action with its required params and first doc example output, for
        /// [`MockCloud::with_service`](crate::runtime::mock::MockCloud::with_service).
        pub static MOCK: crate::runtime::mock::MockService = crate::runtime::mock::MockService {
            service: &super::SERVICE,
            actions: &[ #( #actions )* ],
        };
    }
}
