/* Two-layer network, backward pass.
 * output_backward -> hidden_backward -> input_backward like the example.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* scores gradient is softmax minus the one-hot label */
static void output_backward(const bp_net *net, const size_t *y, double reg,
                            const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N, H = net->H, C = net->C;
    size_t n, h, c;

    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            double t = (c == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, n, c, gsl_matrix_get(cache->prob, n, c) - t);
        }
    }

    for (h = 0; h < H; h++) {
        for (c = 0; c < C; c++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            gsl_matrix_set(g->dW2, h, c, acc + 2 * reg * gsl_matrix_get(net->W2, h, c));
        }
    }

    for (c = 0; c < C; c++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, acc);
    }
}

static void hidden_backward(const bp_net *net, const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N, H = net->H, C = net->C;
    size_t n, h, c;

    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            double acc = 0.0;
            for (c = 0; c < C; c++)
                acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, acc);
        }
    }
    /* relu backward */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, n, h,
                           gsl_matrix_get(cache->z1, n, h) > 0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);
}

static void input_backward(const bp_net *net, const gsl_matrix *X, double reg, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H;
    size_t n, d, h;

    for (d = 0; d < D; d++) {
        for (h = 0; h < H; h++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, acc + 2 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }
    for (h = 0; h < H; h++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    output_backward(net, y, reg, cache, g);
    hidden_backward(net, cache, g);
    input_backward(net, X, reg, g);

    g->present = BP_GRADS_ALL;
    return 0;
}
