/*
 * Rueckwaertsrechnung, Uebung Neuronale Netze WS
 * Versucht, moeglichst wenige Schleifen zu brauchen: db2 und db1 werden
 * gleich in den Schleifen mit aufsummiert.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t anzahl_beispiele = X->size1;
    const size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (anzahl_beispiele != cache->N || X->size2 != D || g->N != anzahl_beispiele)
        return 1;

    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    /* Ausgang: dz2 und gleich db2 */
    for (i = 0; i < anzahl_beispiele; i++) {
        for (k = 0; k < C; k++) {
            double fehler = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i]) fehler -= 1.0;
            fehler /= (double) anzahl_beispiele;
            gsl_matrix_set(g->dz2, i, k, fehler);
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + fehler);
        }
    }

    /* gradient_gewichte W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double summe = 0.0;
            for (i = 0; i < anzahl_beispiele; i++)
                summe += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, summe + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* verborgene Schicht: dp1, dazu gleich db1 */
    for (i = 0; i < anzahl_beispiele; i++) {
        for (j = 0; j < H; j++) {
            double summe = 0.0;
            for (k = 0; k < C; k++)
                summe += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, summe);
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + summe);
        }
    }

    /* ReLU rueckwaerts */
    for (i = 0; i < anzahl_beispiele; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* gradient_gewichte W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double summe = 0.0;
            for (i = 0; i < anzahl_beispiele; i++)
                summe += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, summe + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
