// Backward pass, general version: a table of layers walked from the top.
// Each layer remembers its input, its pre-activation, its weights and
// where its gradients go.  Only the hidden layers have a ReLU.

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct layer {
    const gsl_matrix *in;   // input  (N, fan_in)
    const gsl_matrix *z;    // pre-activation (N, fan_out)
    const gsl_matrix *W;    // (fan_in, fan_out)
    gsl_matrix *dz;         // (N, fan_out)
    gsl_matrix *dW;
    gsl_vector *db;
    int relu;
};

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    struct layer net_l[2] = {
        { X,         cache->z1, net->W1, g->dz1, g->dW1, g->db1, 1 },
        { cache->p1, cache->z2, net->W2, g->dz2, g->dW2, g->db2, 0 },
    };
    int nl = 2;
    int l = nl - 1;
    size_t i, j, k;

    if (g->N != N || cache->N != N)
        return 1;

    // top: softmax loss gradient
    for (i = 0; i < N; i++)
        for (k = 0; k < net->C; k++) {
            double t = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k, (gsl_matrix_get(cache->prob, i, k) - t) / N);
        }

    while (l >= 0) {
        struct layer *ly = &net_l[l];
        size_t fin = ly->W->size1, fout = ly->W->size2;

        // dW = in^T dz + 2*reg*W
        for (j = 0; j < fin; j++)
            for (k = 0; k < fout; k++) {
                double s = 0.0;
                for (i = 0; i < N; i++)
                    s += gsl_matrix_get(ly->in, i, j) * gsl_matrix_get(ly->dz, i, k);
                gsl_matrix_set(ly->dW, j, k, s + 2.0 * reg * gsl_matrix_get(ly->W, j, k));
            }

        // db = column sums
        for (k = 0; k < fout; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(ly->dz, i, k);
            gsl_vector_set(ly->db, k, s);
        }

        if (l > 0) {
            struct layer *below = &net_l[l - 1];
            // gradient wrt the input of this layer = dz W^T
            for (i = 0; i < N; i++)
                for (j = 0; j < fin; j++) {
                    double s = 0.0;
                    for (k = 0; k < fout; k++)
                        s += gsl_matrix_get(ly->dz, i, k) * gsl_matrix_get(ly->W, j, k);
                    if (l == 1)
                        gsl_matrix_set(g->dp1, i, j, s);
                    // through the relu of the layer below
                    if (below->relu && gsl_matrix_get(below->z, i, j) <= 0.0)
                        s = 0.0;
                    gsl_matrix_set(below->dz, i, j, s);
                }
        }
        l--;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
